import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { testServices } from '../../test/helpers/services.js';
import { SYSTEM } from '../lib/actor.js';
import type { Services } from '../services.js';
import { runSeed } from './seed.js';

let testDb: TestDb;
let services: Services;
beforeAll(async () => {
  testDb = await createTestDb();
  services = testServices(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

describe('the demo seed', () => {
  it('adds residents and a history of transfers, and changes nothing the second time', async () => {
    const first = await runSeed(testDb.db, services, { seed: 7, scale: 1, areas: ['440604010'] });
    const points = first.steps.find((s) => s.name === 'points')!;
    expect(points.created).toBeGreaterThan(40);
    expect(first.steps.find((s) => s.name === 'listings')!.created).toBeGreaterThan(40);
    // The exchanges step answers the seeded listings.
    expect(first.steps.find((s) => s.name === 'exchanges')!.created).toBeGreaterThan(0);
    const size = (await services.trustlog.info()).size;
    const second = await runSeed(testDb.db, services, { seed: 7, scale: 1, areas: ['440604010'] });
    expect(second.steps).toEqual(first.steps.map((s) => ({ ...s, created: 0 })));
    expect((await services.trustlog.info()).size).toBe(size);
    expect(await services.points.audit(SYSTEM)).toEqual([]);
    const budgets = await services.points.budgets(SYSTEM, '440604010');
    expect(budgets.filter((b) => b.issued > 0).every((b) => b.budget === 5000)).toBe(true);
    expect(budgets.some((b) => b.pool > 0)).toBe(true);
    // Budgets the operator set name the operator as `system`, never a made-up person.
    const entries = await testDb.db.kysely
      .selectFrom('log_entries')
      .select('body')
      .where('kind', '=', 'points.budget')
      .execute();
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(JSON.parse(Buffer.from(e.body).toString('utf8')).data.by).toBe('system');
    expect(
      await testDb.db.kysely
        .selectFrom('log_salts')
        .select('subject')
        .where('subject', '=', 'account:null')
        .execute(),
    ).toEqual([]);
  });
});
