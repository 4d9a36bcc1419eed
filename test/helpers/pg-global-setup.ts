import pg from 'pg';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { adminDatabaseUrl, databaseUrlFor, TEMPLATE_DB } from './env.js';

/** Creates a migrated template database once; each test file clones it (fast, isolated). */
export default async function setup(): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  const db = await openDatabase({
    databaseUrl: databaseUrlFor(TEMPLATE_DB),
    dataDir: ':memory:',
    poolSize: 1,
  });
  await migrateToLatest(db);
  await db.close();
  await admin.end();
  return async () => {
    const client = new pg.Client({ connectionString: adminDatabaseUrl });
    await client.connect();
    await client.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await client.end();
  };
}
