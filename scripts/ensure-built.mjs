// Builds dist/ when it is missing or older than its sources, so `npm start` and `npx linli`
// work straight after `npm ci` and after a `git pull`. Prints what it does on stderr.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const TARGETS = {
  node: {
    stamp: 'dist/node/.built',
    sources: [
      'server',
      'cli',
      'common',
      'bench',
      'tsconfig.base.json',
      'tsconfig.build.json',
      'package-lock.json',
    ],
    build: [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  },
  web: {
    stamp: 'dist/web/.built',
    sources: ['web', 'common', 'vite.config.ts', 'package-lock.json'],
    build: [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  },
};

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'data') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Rebuilds each named part ('node', 'web') whose stamp is older than its sources. */
export function ensureBuilt(parts = ['node', 'web']) {
  for (const part of parts) {
    const target = TARGETS[part];
    const stampPath = join(root, target.stamp);
    const stampTime = existsSync(stampPath) ? statSync(stampPath).mtimeMs : -1;
    const sourceTime = Math.max(...target.sources.map((s) => newestMtime(join(root, s))));
    if (stampTime >= sourceTime) continue;
    process.stderr.write(`linli: building ${part === 'node' ? 'server and CLI' : 'web app'}…\n`);
    const started = Date.now();
    execFileSync(process.execPath, target.build, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(stampPath, new Date().toISOString());
    process.stderr.write(`linli: built ${part} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  ensureBuilt(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
