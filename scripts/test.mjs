// `npm test`: lint and format check, type check, build, then every Vitest project. PostgreSQL
// and browser tests are skipped with a clear line when their service is missing, except in CI
// (CI=true), where a missing one fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBuilt, root } from './ensure-built.mjs';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const chromium = '/usr/bin/chromium';
const passthrough = process.argv.slice(2);

function step(title, command, args) {
  process.stderr.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`✖ ${title} failed\n`);
    process.exit(result.status ?? 1);
  }
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    process.stderr.write(`PostgreSQL at ${databaseUrl} is not reachable: ${error.message}\n`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
step('lint and format (biome)', bin('biome'), ['check', '.']);
step('type check (server, cli, common, tests)', bin('tsc'), ['-p', 'tsconfig.json']);
step('type check (web)', bin('tsc'), ['-p', 'web/tsconfig.json']);
process.stderr.write('\n▶ build\n');
ensureBuilt(['node', 'web']);

const projects = ['unit', 'int-sqlite'];
if (await postgresReachable()) {
  projects.push('int-postgres');
} else if (ci) {
  process.stderr.write(
    '✖ CI=true: the PostgreSQL tests may not be skipped. Start PostgreSQL or set DATABASE_URL.\n',
  );
  process.exit(1);
} else {
  process.stderr.write('⚠ SKIPPING the PostgreSQL tests (int-postgres): no PostgreSQL reachable.\n');
}
if (existsSync(chromium)) {
  projects.push('e2e');
} else if (ci) {
  process.stderr.write(
    `✖ CI=true: the browser tests may not be skipped. Install Debian's chromium (${chromium}).\n`,
  );
  process.exit(1);
} else {
  process.stderr.write(
    `⚠ SKIPPING the browser tests (e2e): ${chromium} not found (apt-get install chromium).\n`,
  );
}

step(`tests: ${projects.join(', ')}`, bin('vitest'), [
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  ...passthrough,
]);
