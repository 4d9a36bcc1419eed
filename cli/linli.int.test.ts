import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEntry, startServerProcess, stopProcess } from '../bench/processes.js';
import { projectRoot } from '../server/lib/paths.js';
import { createTestDb, type TestDb } from '../test/helpers/db.js';
import { testDialect } from '../test/helpers/env.js';

const run = promisify(execFile);
const linli = join(projectRoot, 'bin/linli.mjs');

// The CLI and the server as processes, against the dialect of this project (a fresh database each).
let testDb: TestDb;
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  testDb = await createTestDb({ migrated: false });
  dataDir = mkdtempSync(join(tmpdir(), 'linli-cli-'));
  env = {
    ...process.env,
    LINLI_DATA_DIR: dataDir,
    LINLI_LOG_LEVEL: 'warn',
    DATABASE_URL: testDialect === 'postgres' ? testDb.url : '',
  };
  // SQLite in a file for this test: the in-memory one is not shared with child processes.
  await testDb.db.close().catch(() => {});
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await testDb.drop().catch(() => {});
});

async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [linli, ...args], {
      env: { ...env, ...extraEnv },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('linli CLI', () => {
  it('has --help on the program and on every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'db', 'divisions', 'seed', 'bench'])
      expect(top.stdout).toContain(command);
    for (const args of [
      ['db', 'migrate'],
      ['divisions', 'import'],
      ['divisions', 'search'],
      ['seed'],
      ['bench'],
      ['serve'],
    ]) {
      const help = await cli([...args, '--help']);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toContain('Usage: linli');
    }
  });

  it('imports a district with progress, and a second import changes nothing', async () => {
    const first = await cli(['divisions', 'import', '--code', '440604']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('禅城区 (440604000000): 154 new of 154 divisions');
    expect(first.stderr).toMatch(/import 440604 .*154\/154/);
    const second = await cli(['divisions', 'import', '--code', '440604']);
    expect(second.stdout).toContain('was already imported: 154 divisions, nothing changed');
    const search = await cli(['divisions', 'search', 'tp', '--within', '440604']);
    expect(search.stdout).toContain('440604012045 塔坡社区');
  });

  it('says what is wrong in one line for bad input', async () => {
    const badCode = await cli(['divisions', 'import', '--code', '44060']);
    expect(badCode.code).not.toBe(0);
    expect(badCode.stderr).toContain('expected a 6-digit district');
    const unknown = await cli(['divisions', 'import', '--code', '440699']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('linli: There is no division with code 440699. (division_not_found)');
    const badEnv = await cli(['db', 'migrate'], { PORT: 'x' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr.trim()).toBe('linli: PORT must be a whole number, got "x"');
  });

  it('seeds deterministically and idempotently', async () => {
    const first = await cli(['seed', '--seed', '7', '--scale', '1']);
    expect(first.code).toBe(0);
    const second = await cli(['seed', '--seed', '7']);
    expect(second.stdout).toContain('divisions: 0 created');
    expect(second.stdout).toContain('staff: 0 created');
    expect(second.stdout).toContain('residents: 0 created');
    expect(first.stdout).toMatch(/residents: [1-9]\d* created/);
    expect(second.stdout).toContain('points: 0 created');
    expect((await cli(['seed', '--scale', '0'])).code).not.toBe(0);
  });

  it('reads and checks the love bank', async () => {
    expect((await cli(['points', 'check'])).stdout).toContain('the ledger is consistent');
    const balance = await cli(['points', 'balance', '--phone', '19900000000']);
    expect(balance.stdout).toMatch(/^balance \d+ {2}available \d+ {2}received [1-9]\d*/);
    const csv = await cli(['points', 'statement', '--phone', '19900000000', '--csv', '--lang', 'en']);
    expect(csv.stdout).toContain('Date,Type,Counterparty');
    const budgets = await cli(['points', 'budget', 'list', '--division', '440604']);
    expect(budgets.stdout).toMatch(/budget 5000 {2}issued [1-9]/);
    const adjust = [
      'points',
      'adjust',
      '--phone',
      '19900000000',
      '--amount',
      '5',
      '--reason',
      '补记',
      '--key',
      'cli-adjust-1',
    ];
    expect((await cli(adjust)).stdout).toMatch(/adjustment \S+: executed/);
    expect((await cli([...adjust.slice(0, 5), '7', ...adjust.slice(6)])).stderr).toContain('request id');
    expect((await cli(['points', 'balance', '--phone', '19999999999'])).code).not.toBe(0);
  });
});

describe('the server process', () => {
  it('starts, serves health, and exits cleanly on SIGTERM', async () => {
    const { child, baseUrl } = await startServerProcess(env as Record<string, string>);
    const health = await (await fetch(`${baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db: testDialect });
    await stopProcess(child);
    expect(child.exitCode).toBe(0);
  });

  it('refuses a port in use with one clear line', async () => {
    const blocker = createServer().listen(0, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const result = await run(process.execPath, [serverEntry], {
        env: { ...env, PORT: String(port) },
      }).catch((e) => e);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `linli: Port ${port} is already in use (端口已被占用). Stop the other process or set PORT to a free port.`,
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses an unreachable database and an unwritable data directory with one line each', async () => {
    const pgDown = await run(process.execPath, [serverEntry], {
      env: { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
    }).catch((e) => e);
    expect(pgDown.code).toBe(1);
    expect(pgDown.stderr.trim().split('\n')).toHaveLength(1);
    expect(pgDown.stderr).toContain(
      'linli: Cannot reach PostgreSQL at postgres://postgres@127.0.0.1:1/nowhere',
    );
    const file = join(dataDir, 'a-file');
    writeFileSync(file, 'x');
    const badDir = await run(process.execPath, [serverEntry], {
      env: { ...env, DATABASE_URL: '', LINLI_DATA_DIR: join(file, 'sub') },
    }).catch((e) => e);
    expect(badDir.code).toBe(1);
    expect(badDir.stderr.trim()).toMatch(
      /^linli: The data directory .* is not writable \(ENOTDIR\)\. Set LINLI_DATA_DIR to a writable folder\.$/,
    );
  });
});
