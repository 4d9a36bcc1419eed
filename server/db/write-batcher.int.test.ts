import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { WriteBatcher } from './write-batcher.js';

let testDb: TestDb;
let batcher: WriteBatcher;
beforeAll(async () => {
  testDb = await createTestDb();
  await sql`create table batch_probe (id integer primary key, note text not null)`.execute(testDb.db.kysely);
  batcher = new WriteBatcher(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

const insert = (id: number) =>
  batcher.run(async (trx) => {
    await sql`insert into batch_probe (id, note) values (${id}, 'written')`.execute(trx);
    return id;
  });
/** Writes a row, then fails: the row must not survive. */
const insertThenFail = (id: number) =>
  batcher.run(async (trx) => {
    await sql`insert into batch_probe (id, note) values (${id}, 'must vanish')`.execute(trx);
    throw new Error(`refused ${id}`);
  });
const ids = async () =>
  (await sql<{ id: number }>`select id from batch_probe order by id`.execute(testDb.db.kysely)).rows.map(
    (r) => Number(r.id),
  );

describe('the write batcher', () => {
  it('commits the writes of a batch together and answers each after the commit', async () => {
    expect(await Promise.all([1, 2, 3].map(insert))).toEqual([1, 2, 3]);
    expect(await ids()).toEqual([1, 2, 3]);
  });

  it('rolls back a failing write alone, in careful and in optimistic batches alike', async () => {
    // Calm batches first, so the batcher leaves savepoints out; then a batch with a failure.
    for (let round = 0; round < 12; round++)
      await Promise.all([100 + round * 2, 101 + round * 2].map(insert));
    const results = await Promise.allSettled([insert(200), insertThenFail(201), insert(202)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused 201');
    const now = await ids();
    expect(now).toContain(200);
    expect(now).toContain(202);
    expect(now).not.toContain(201);
    // And right after, with savepoints back on.
    const again = await Promise.allSettled([insertThenFail(300), insert(301)]);
    expect(again.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await ids()).not.toContain(300);
  });

  it('answers a duplicate key with the database error, and keeps the rest', async () => {
    const results = await Promise.allSettled([insert(400), insert(1), insert(401)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual(expect.arrayContaining([400, 401]));
  });
});
