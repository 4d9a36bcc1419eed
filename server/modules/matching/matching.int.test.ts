import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';

type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let asker: Person;
let sameCompound: Person;
let sameStreet: Person;
let farAway: Person;
let busy: Person;
let C1: string;
let C1b: string;
let C2: string;

const asPerson = (p: Person): Actor => ({ kind: 'person', accountId: p.accountId, grants: [] });

async function call(who: Person, method: string, url: string, payload?: unknown) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers: who.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.json() };
}

const pipeOffer = (title: string, division: string, over: Record<string, unknown> = {}) => ({
  direction: 'offer',
  kind: 'skill',
  title,
  description: '龙头滴水、角阀漏水、水管爆裂都能修',
  category: 'plumbing',
  tags: ['水管', '漏水'],
  availability: [{ day: 6, part: 'morning' }],
  alerts: true,
  divisionCode: division,
  ...over,
});

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  const communities = await ctx.services.divisions.communitiesUnder('440604');
  C1 = communities[0]!.code;
  C1b = communities.find((c) => c.code !== C1 && c.code.slice(0, 9) === C1.slice(0, 9))!.code;
  C2 = communities.find((c) => c.code.slice(0, 9) !== C1.slice(0, 9))!.code;
  const compound = (await ctx.services.compounds.createCompound(SYSTEM, C1, '绿景花园')).id;
  asker = await signInOverHttp(ctx.app, ctx.services, '13700000001');
  sameCompound = await signInOverHttp(ctx.app, ctx.services, '13700000002');
  sameStreet = await signInOverHttp(ctx.app, ctx.services, '13700000003');
  farAway = await signInOverHttp(ctx.app, ctx.services, '13700000004');
  busy = await signInOverHttp(ctx.app, ctx.services, '13700000005');
  for (const [p, home] of [
    [asker, C1],
    [sameCompound, C1],
    [sameStreet, C1b],
    [farAway, C2],
    [busy, C1b],
  ] as const)
    await ctx.services.privacy.updateProfile(asPerson(p), {
      homeDivision: home,
      nickname: `邻${p.accountId.slice(-3)}`,
    });
  for (const p of [asker, sameCompound])
    await ctx.services.privacy.updateProfile(asPerson(p), { compoundId: compound });
  // Everyone may answer plumbing (in person) for the purpose of these tests.
  await ctx.db.kysely.updateTable('accounts').set({ verification: 'in_person' }).execute();
  await call(farAway, 'POST', '/api/listings', pipeOffer('水管维修 修龙头', C2));
  await call(sameStreet, 'POST', '/api/listings', pipeOffer('水管维修 修龙头', C1b));
  await call(sameCompound, 'POST', '/api/listings', pipeOffer('水管维修 修龙头', C1));
  await call(busy, 'POST', '/api/listings', pipeOffer('水管维修 修龙头 换角阀', C1b, { alerts: false }));
  await call(sameStreet, 'POST', '/api/listings', {
    ...pipeOffer('教书法 毛笔字', C1b),
    category: 'calligraphy',
    description: '周末教小朋友写毛笔字',
    tags: ['书法'],
  });
  const now = Date.now();
  await ctx.db.kysely
    .insertInto('helper_load')
    .values([
      { account_id: busy.accountId, active: 5, completed: 12, last_completed_at: now, updated_at: now },
      {
        account_id: sameStreet.accountId,
        active: 0,
        completed: 4,
        last_completed_at: now - 90 * 86_400_000,
        updated_at: now,
      },
    ])
    .execute();
});
afterAll(async () => {
  await ctx.drop();
});

describe('matching', () => {
  let needId: string;
  it('ranks offers for a need by relevance and proximity, and explains each', async () => {
    const need = await call(asker, 'POST', '/api/listings', {
      direction: 'need',
      kind: 'service',
      title: '厨房水喉漏水',
      description: '水龙头一直滴水，想请师傅上门修',
      category: 'plumbing',
      tags: ['漏水'],
      availability: [{ day: 6, part: 'morning' }],
    });
    expect(need.status).toBe(201);
    needId = need.body.id;
    const res = await call(asker, 'GET', `/api/listings/${needId}/matches?limit=10`);
    expect(res.status).toBe(200);
    const items = res.body.items as {
      listing: { poster: { id: string }; category: string };
      reasons: { code: string }[];
      components: Record<string, number>;
      score: number;
    }[];
    const order = items.map((m) => m.listing.poster.id);
    expect(order[0]).toBe(sameCompound.accountId);
    expect(order.indexOf(sameStreet.accountId)).toBeLessThan(order.indexOf(farAway.accountId));
    expect(items[0]!.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['same_compound', 'category', 'availability']),
    );
    expect(Object.keys(items[0]!.components)).toEqual(
      expect.arrayContaining(['text', 'category', 'proximity', 'availability', 'reputation', 'fairness']),
    );
    // The calligraphy offer is nowhere near the top.
    expect(items.slice(0, 4).every((m) => m.listing.category === 'plumbing')).toBe(true);
    for (let i = 1; i < items.length; i++)
      expect(items[i - 1]!.score).toBeGreaterThanOrEqual(items[i]!.score);
  });

  it('spreads work away from the busiest helper (fairness)', async () => {
    const res = await call(asker, 'GET', `/api/listings/${needId}/matches`);
    const items = res.body.items as {
      listing: { poster: { id: string } };
      components: Record<string, number>;
      reasons: { code: string }[];
    }[];
    const busyMatch = items.find((m) => m.listing.poster.id === busy.accountId)!;
    const street = items.find((m) => m.listing.poster.id === sameStreet.accountId)!;
    expect(busyMatch.components.fairness).toBeLessThan(0);
    expect(street.components.fairness).toBeGreaterThan(0);
    expect(street.reasons.map((r) => r.code)).toContain('idle_helper');
    // Same street, better text for the busy one, yet the idle helper comes first.
    expect(items.indexOf(street)).toBeLessThan(items.indexOf(busyMatch));
  });

  it('notifies the best-placed helpers who opted in, and only them', async () => {
    const rows = await ctx.db.kysely
      .selectFrom('notifications')
      .select(['account_id', 'payload'])
      .where('kind', '=', 'listing.need_match')
      .execute();
    const told = rows.map((r) => r.account_id);
    expect(told).toContain(sameCompound.accountId);
    expect(told).not.toContain(busy.accountId);
    expect(told).not.toContain(asker.accountId);
    expect(told.length).toBeLessThanOrEqual(3);
    expect(JSON.parse(rows[0]!.payload).needId).toBe(needId);
  });

  it('ranks needs for an offer, and hides closed listings', async () => {
    const offers = await call(sameCompound, 'GET', '/api/listings?mine=true');
    const offerId = offers.body.items[0].id;
    const res = await call(sameCompound, 'GET', `/api/listings/${offerId}/matches`);
    expect(res.body.items[0].listing.id).toBe(needId);
    await call(asker, 'POST', `/api/listings/${needId}/close`);
    const after = await call(sameCompound, 'GET', `/api/listings/${offerId}/matches`);
    expect(after.body.items.map((m: { listing: { id: string } }) => m.listing.id)).not.toContain(needId);
    expect((await call(farAway, 'GET', `/api/listings/${needId}/matches`)).status).toBe(404);
  });
});
