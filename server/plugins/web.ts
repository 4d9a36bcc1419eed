import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web app (dist/web). Returns false when it is not built, so the caller knows
 * not to fall back to index.html for client-side routes.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web app not built; run `npm run build` to serve it');
    return false;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    // Hashed assets never change; everything else (index.html, manifest) is revalidated.
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return true;
}
