import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { SYSTEM } from '../../lib/actor.js';

const TAPO = '440604012045';
const OTHER = '440604011001';
let ctx: TestContext;
let worker: Awaited<ReturnType<typeof signInOverHttp>>;
let resident: Awaited<ReturnType<typeof signInOverHttp>>;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13400000001', 'worker', TAPO);
  worker = await signInOverHttp(ctx.app, ctx.services, '13400000001');
  resident = await signInOverHttp(ctx.app, ctx.services, '13400000002');
});
afterAll(async () => {
  await ctx.drop();
});

describe('compounds and buildings', () => {
  let compoundId: string;
  let buildingId: string;

  it('are created by a worker of the community, logged, and listed publicly', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/divisions/${TAPO}/compounds`,
      headers: worker.headers,
      payload: { name: '塔坡花园' },
    });
    expect(res.statusCode).toBe(201);
    compoundId = res.json().id;
    const b = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/compounds/${compoundId}/buildings`,
      headers: worker.headers,
      payload: { name: '3 栋' },
    });
    expect(b.statusCode).toBe(201);
    buildingId = b.json().id;
    const list = (await ctx.app.inject({ url: `/api/divisions/${TAPO}/compounds` })).json();
    expect(list.items).toEqual([
      expect.objectContaining({ name: '塔坡花园', buildings: [{ id: buildingId, name: '3 栋' }] }),
    ]);
    const log = (await ctx.db.kysely.selectFrom('log_entries').select('kind').execute()).map((e) => e.kind);
    expect(log).toEqual(expect.arrayContaining(['divisions.compound_created', 'divisions.building_created']));
  });

  it('refuses duplicates, other communities, non-communities and residents', async () => {
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/divisions/${TAPO}/compounds`,
          headers: worker.headers,
          payload: { name: '塔坡花园' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/divisions/${OTHER}/compounds`,
          headers: worker.headers,
          payload: { name: 'X' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/divisions/${TAPO}/compounds`,
          headers: resident.headers,
          payload: { name: 'Y' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/compounds/${compoundId}/buildings`,
          headers: resident.headers,
          payload: { name: 'Z' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/divisions/${TAPO}/compounds`,
          headers: worker.headers,
          payload: { name: '' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('let a resident say where they live, only within their home community', async () => {
    const patch = (payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: '/api/me/profile', headers: resident.headers, payload });
    expect((await patch({ compoundId })).statusCode).toBe(404); // no home community yet
    expect((await patch({ homeDivision: TAPO, compoundId, buildingId, unit: '2-301' })).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: '/api/me', headers: resident.headers })).json()).toMatchObject({
      homeDivision: TAPO,
      compoundId,
      buildingId,
      unit: '2-301',
    });
    expect((await patch({ buildingId })).statusCode).toBe(400);
    expect((await patch({ homeDivision: OTHER })).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: '/api/me', headers: resident.headers })).json()).toMatchObject({
      homeDivision: OTHER,
      compoundId: null,
      unit: null,
    });
    expect((await patch({ compoundId })).statusCode).toBe(404);
  });
});

describe('skills and availability in my profile', () => {
  it('are saved as given (deduplicated) and refused when malformed', async () => {
    const patch = (payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: '/api/me/profile', headers: resident.headers, payload });
    expect((await patch({ skills: ['理发', ' 修电脑 ', '理发'] })).statusCode).toBe(400); // uniqueItems
    expect(
      (
        await patch({
          skills: ['理发', ' 修电脑 '],
          availability: [
            { day: 6, part: 'morning' },
            { day: 7, part: 'evening' },
          ],
        })
      ).statusCode,
    ).toBe(204);
    expect((await ctx.app.inject({ url: '/api/me', headers: resident.headers })).json()).toMatchObject({
      skills: ['理发', '修电脑'],
      availability: [
        { day: 6, part: 'morning' },
        { day: 7, part: 'evening' },
      ],
    });
    expect((await patch({ availability: [{ day: 8, part: 'morning' }] })).statusCode).toBe(400);
    expect((await patch({ availability: [{ day: 1, part: 'night' }] })).statusCode).toBe(400);
    expect((await patch({ skills: ['x'.repeat(21)] })).statusCode).toBe(400);
  });
});
