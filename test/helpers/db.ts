import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { adminDatabaseUrl, databaseUrlFor, TEMPLATE_DB, testDialect } from './env.js';

export interface TestDb {
  db: Db;
  /** Database URL (PostgreSQL) so a second connection or process can share it. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh migrated database for one test file: in-memory SQLite, or a PostgreSQL database
 * cloned from the migrated template (see pg-global-setup.ts). `migrated: false` gives an empty one.
 */
export async function createTestDb(options: { migrated?: boolean } = {}): Promise<TestDb> {
  const migrated = options.migrated ?? true;
  if (testDialect === 'sqlite') {
    const db = await openDatabase({ dataDir: ':memory:' });
    if (migrated) await migrateToLatest(db);
    return { db, drop: () => db.close() };
  }
  const name = `linli_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(
          migrated ? `create database ${name} template ${TEMPLATE_DB}` : `create database ${name}`,
        );
        break;
      } catch (error) {
        // Two files cloning the template at the same instant can collide; try again shortly.
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(name);
  const db = await openDatabase({ databaseUrl: url, dataDir: ':memory:', poolSize: 5 });
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: adminDatabaseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
