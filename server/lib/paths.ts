import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder with package.json), found from this file whether run from source or dist. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Linli project root');
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot();
export const webDistDir = join(projectRoot, 'dist', 'web');
export const divisionDataDir = join(projectRoot, 'server', 'modules', 'divisions', 'data');
