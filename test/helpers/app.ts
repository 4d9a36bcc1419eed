import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { SYSTEM } from '../../server/lib/actor.js';
import { DivisionsService } from '../../server/modules/divisions/divisions.service.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestContext extends TestDb {
  app: FastifyInstance;
}

/** A fresh database with the given areas imported, and the app over it (API only, no web build). */
export async function createTestApp(areas: string[] = ['440604', '110105009']): Promise<TestContext> {
  const testDb = await createTestDb();
  const divisions = new DivisionsService(testDb.db);
  for (const code of areas) await divisions.importArea(SYSTEM, code);
  const app = await buildApp({ db: testDb.db, webDir: null });
  return {
    ...testDb,
    app,
    drop: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}
