// `npm start`: build if needed, then run the server in this process (signals reach it directly).

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, root } from './ensure-built.mjs';

try {
  ensureBuilt(['node', 'web']);
} catch {
  console.error('linli: the build failed (see above)');
  process.exit(1);
}
await import(pathToFileURL(join(root, 'dist/node/server/main.js')).href);
