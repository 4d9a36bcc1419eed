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

describe('the huts seed', () => {
  it('adds the programme’s demo huts in 祖庙街道 and huts with items elsewhere, once', async () => {
    const options = { seed: 3, scale: 0.2, areas: ['440604012'] };
    const first = await runSeed(testDb.db, services, options);
    expect(first.steps.find((s) => s.name === 'huts')!.created).toBeGreaterThan(40);
    const [tapo] = await services.huts.huts(SYSTEM, '440604012045');
    expect(tapo).toMatchObject({ name: '塔坡社区共享小屋' });
    const tapoItems = await services.huts.search(SYSTEM, { hut: tapo!.id, limit: 50 });
    expect(tapoItems.items.map((i) => i.title)).toEqual(
      expect.arrayContaining(['积木玩具', 'A4 打印纸', '儿童衣物', '电烤箱', '工具箱', '家用工具箱']),
    );
    const [peide] = await services.huts.huts(SYSTEM, '440604012013');
    const medical = await services.huts.search(SYSTEM, { hut: peide!.id, q: '血压计' });
    expect(medical.items).toHaveLength(1);
    const monitor = await services.huts.item(SYSTEM, medical.items[0]!.id);
    expect(monitor).toMatchObject({ donorNickname: '爱心街坊', sanitiseAfterReturn: true });
    expect(monitor.units).toHaveLength(4);
    const box = tapoItems.items.find((i) => i.title === '家用工具箱')!;
    expect((await services.huts.item(SYSTEM, box.id)).units[0]!.status).toBe('on_loan');
    const total = await testDb.db.kysely
      .selectFrom('hut_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBeGreaterThanOrEqual(40 + 12);

    const second = await runSeed(testDb.db, services, options);
    expect(second.steps).toEqual(first.steps.map((s) => ({ ...s, created: 0 })));
  });
});
