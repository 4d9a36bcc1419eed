import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { insertListing } from '../../test/helpers/listing-fixture.js';
import { testServices } from '../../test/helpers/services.js';
import { SYSTEM } from '../lib/actor.js';
import { Random } from '../lib/random.js';
import type { Services } from '../services.js';
import { exchangesStep } from './exchanges.seed.js';
import { type SeedContext, seedSteps } from './seed.js';

let testDb: TestDb;
let services: Services;
beforeAll(async () => {
  testDb = await createTestDb();
  services = testServices(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

describe('the exchanges seed step', () => {
  it('skips with a line when there are no listings, then plays exchanges into every state, once', async () => {
    const lines: string[] = [];
    // Every step but the listings one, so the listings here are the fixture's.
    const before: SeedContext = {
      db: testDb.db,
      services,
      random: new Random(7),
      scale: 1,
      areas: ['440604010'],
      onProgress: () => {},
      log: (l) => lines.push(l),
    };
    const first: { name: string; created: number }[] = [];
    for (const step of seedSteps.filter((s) => s.name !== 'listings'))
      first.push({ name: step.name, created: (await step.run(before)).created });
    expect(first.find((s) => s.name === 'exchanges')!.created).toBe(0);
    expect(lines).toContain('seed: exchanges — no listings to answer yet, skipped');

    // What the listings step will provide: open offers and needs of seeded residents.
    for (let i = 0; i < 30; i++) {
      const ownerId = (await services.directory.accountIdByPhone(`199${String(i).padStart(8, '0')}`))!;
      const home = (await services.directory.person(ownerId))!.homeDivision!;
      await insertListing(testDb.db, {
        ownerId,
        direction: i % 3 === 0 ? 'need' : 'offer',
        divisionCode: home,
        capacity: 1 + (i % 2),
        minutes: 60,
      });
    }
    const ctx: SeedContext = {
      db: testDb.db,
      services,
      random: new Random(7),
      scale: 1,
      areas: ['440604010'],
      onProgress: () => {},
      log: () => {},
    };
    const made = await exchangesStep.run(ctx);
    expect(made.created).toBeGreaterThan(20);
    const statuses = await testDb.db.kysely.selectFrom('exchanges').select('status').execute();
    const seen = new Set(statuses.map((s) => s.status));
    for (const s of [
      'proposed',
      'accepted',
      'scheduled',
      'done',
      'paid',
      'declined',
      'cancelled',
      'no_show',
      'disputed',
      'resolved',
    ])
      expect(seen.has(s), s).toBe(true);
    const paid = await testDb.db.kysely
      .selectFrom('exchanges')
      .select(['transfer_id', 'points'])
      .where('status', '=', 'paid')
      .execute();
    expect(paid.every((p) => p.transfer_id !== null && Number(p.points) > 0)).toBe(true);

    const size = (await services.trustlog.info()).size;
    expect((await exchangesStep.run(ctx)).created).toBe(0);
    expect((await services.trustlog.info()).size).toBe(size);
    expect(await services.points.audit(SYSTEM)).toEqual([]);
  });
});
