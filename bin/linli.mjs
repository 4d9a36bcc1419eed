#!/usr/bin/env node
// The `linli` command: builds the server part if needed, then runs the CLI.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, root } from '../scripts/ensure-built.mjs';

try {
  ensureBuilt(['node']);
} catch {
  console.error('linli: the build failed (see above)');
  process.exit(1);
}
const { runCli } = await import(pathToFileURL(join(root, 'dist/node/cli/linli.js')).href);
await runCli(process.argv);
