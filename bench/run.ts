import { fileURLToPath } from 'node:url';
import { authBench } from './auth.bench.js';
import { httpBench } from './http.bench.js';
import { hutsBench } from './huts.bench.js';
import { matchingBench } from './matching.bench.js';
import { pointsBench } from './points.bench.js';
import { note } from './report.js';
import { trustlogBench } from './trustlog.bench.js';

/** Benchmark groups by name; `npm run bench -- --only http` runs one. */
export const groups: Record<string, () => Promise<void>> = {
  http: httpBench,
  trustlog: trustlogBench,
  auth: authBench,
  points: pointsBench,
  matching: matchingBench,
  huts: hutsBench,
};

export async function runBenchmarks(only?: string[]): Promise<void> {
  const names = only ?? Object.keys(groups);
  for (const name of names) {
    const group = groups[name];
    if (!group)
      throw new Error(`unknown benchmark group "${name}"; groups: ${Object.keys(groups).join(', ')}`);
    note(`group ${name}`);
    await group();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: npm run bench [-- --only GROUP]\ngroups: ${Object.keys(groups).join(', ')}`);
    process.exit(0);
  }
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args.slice(onlyIndex + 1).filter((a) => !a.startsWith('--')) : undefined;
  runBenchmarks(only?.length ? only : undefined).catch((error: unknown) => {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(1);
  });
}
