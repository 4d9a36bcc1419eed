import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { SYSTEM } from '../../server/lib/actor.js';
import type { TrustLogOptions } from '../../server/modules/trustlog/trustlog.service.js';
import type { Services } from '../../server/services.js';
import { createTestDb, type TestDb } from './db.js';
import { testServices } from './services.js';

export interface TestContext extends TestDb {
  app: FastifyInstance;
  services: Services;
}

/** A fresh database with the given areas imported, and the app over it (API only, no web build). */
export async function createTestApp(
  areas: string[] = ['440604', '110105009'],
  log: Partial<TrustLogOptions> = {},
): Promise<TestContext> {
  const testDb = await createTestDb();
  const services = testServices(testDb.db, log);
  for (const code of areas) await services.divisions.importArea(SYSTEM, code);
  const app = await buildApp({ services, webDir: null });
  return {
    ...testDb,
    app,
    services,
    drop: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}
