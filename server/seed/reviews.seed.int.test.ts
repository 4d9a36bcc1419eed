import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { testServices } from '../../test/helpers/services.js';
import { Random } from '../lib/random.js';
import type { Services } from '../services.js';
import { reviewsStep } from './reviews.seed.js';
import { runSeed, type SeedContext } from './seed.js';

let testDb: TestDb;
let services: Services;
beforeAll(async () => {
  testDb = await createTestDb();
  services = testServices(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

describe('the reviews seed step', () => {
  it('reviews the ended exchanges, some both ways (published), some one way (blind), once', async () => {
    const report = await runSeed(testDb.db, services, { seed: 7, scale: 1, areas: ['440604010'] });
    expect(report.steps.find((s) => s.name === 'reviews')!.created).toBeGreaterThan(3);
    const rows = await testDb.db.kysely.selectFrom('reviews').select(['published_at']).execute();
    expect(rows.some((r) => r.published_at !== null)).toBe(true);
    expect(rows.some((r) => r.published_at === null)).toBe(true);
    expect(await testDb.db.kysely.selectFrom('reputation').select('account_id').execute()).not.toHaveLength(
      0,
    );

    const ctx: SeedContext = {
      db: testDb.db,
      services,
      random: new Random(7),
      scale: 1,
      areas: ['440604010'],
      onProgress: () => {},
      log: () => {},
    };
    const size = (await services.trustlog.info()).size;
    expect((await reviewsStep.run(ctx)).created).toBe(0);
    expect((await services.trustlog.info()).size).toBe(size);
  });
});
