import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { insertListing } from '../../../test/helpers/listing-fixture.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';

/** Findings of an attack on the exchanges API: each must be a 4xx that changes nothing. */
type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let C1: string;
let worker: Person;
let owner: Person;
let asker: Person;

const asPerson = (p: Person): Actor => ({ kind: 'person', accountId: p.accountId, grants: [] });

async function call(who: Person | null, method: string, url: string, payload?: unknown) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers: who?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: String(res.headers['content-type']).includes('json') ? res.json() : res.body,
  };
}

const offer = () => insertListing(ctx.db, { ownerId: owner.accountId, direction: 'offer', divisionCode: C1 });

async function proposed() {
  const listingId = await offer();
  const created = await call(asker, 'POST', '/api/exchanges', { listingId });
  expect(created.status).toBe(201);
  return { id: created.body.id as string, listingId };
}

async function accepted() {
  const x = await proposed();
  expect((await call(owner, 'POST', `/api/exchanges/${x.id}/accept`)).status).toBe(200);
  return x;
}

const HOUR = 3_600_000;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  C1 = (await ctx.services.divisions.communitiesUnder('440604'))[0]!.code;
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13600000101', 'worker', C1);
  worker = await signInOverHttp(ctx.app, ctx.services, '13600000101');
  owner = await signInOverHttp(ctx.app, ctx.services, '13600000111');
  asker = await signInOverHttp(ctx.app, ctx.services, '13600000112');
  for (const p of [worker, owner, asker])
    await ctx.services.privacy.updateProfile(asPerson(p), {
      homeDivision: C1,
      nickname: `邻居${p.accountId.slice(-4)}`,
    });
});
afterAll(async () => {
  await ctx.drop();
});

describe('free text', () => {
  const invisible = '\u0000\u200b\u202e \u2066\ufeff\u007f';

  it('strips NUL, zero-width and bidi characters from messages and keeps the rest', async () => {
    const listingId = await offer();
    const created = await call(asker, 'POST', '/api/exchanges', {
      listingId,
      message: '您好\u0000，周六\u200b有空吗？\u202e',
    });
    expect(created.status).toBe(201);
    expect(created.body.messages.map((m: { body: string }) => m.body)).toEqual(['您好，周六有空吗？']);
    const msg = await call(owner, 'POST', `/api/exchanges/${created.body.id}/messages`, {
      body: '好的\u0000\u2067，\t九点\u200d见',
    });
    expect(msg.status).toBe(201);
    expect(msg.body.body).toBe('好的，\t九点见');
  });

  it('refuses text that is blank once cleaned, changing nothing', async () => {
    const listingId = await offer();
    const bad = await call(asker, 'POST', '/api/exchanges', { listingId, message: invisible });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', details: { field: 'message' } });
    const mine = await call(asker, 'GET', '/api/exchanges?state=all&limit=50');
    expect(mine.body.items.some((x: { listingId: string }) => x.listingId === listingId)).toBe(false);

    const { id } = await accepted();
    const expectRefused = async (who: Person, path: string, payload: object, field: string) => {
      const res = await call(who, 'POST', `/api/exchanges/${id}/${path}`, payload);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', details: { field } });
    };
    await expectRefused(owner, 'messages', { body: invisible }, 'body');
    await expectRefused(
      asker,
      'schedule',
      { scheduledAt: Date.now() + HOUR, place: invisible, plannedMinutes: 30 },
      'place',
    );
    await expectRefused(owner, 'decline', { reason: invisible }, 'reason');
    await expectRefused(asker, 'cancel', { reason: invisible }, 'reason');
    const after = await call(asker, 'GET', `/api/exchanges/${id}`);
    expect(after.body).toMatchObject({ status: 'accepted', place: null, messages: [] });
    expect(after.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['proposed', 'accepted']);

    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    await expectRefused(asker, 'dispute', { reason: invisible }, 'reason');
    expect(
      (await call(asker, 'POST', `/api/exchanges/${id}/dispute`, { reason: '只修了\u0000一半' })).body,
    ).toMatchObject({ status: 'disputed', disputeReason: '只修了一半' });
    await expectRefused(worker, 'resolve', { outcome: 'no_pay', note: invisible }, 'note');
    const resolved = await call(worker, 'POST', `/api/exchanges/${id}/resolve`, {
      outcome: 'no_pay',
      note: '\u200b双方\u0000协商\u202c',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: '双方协商' });
  });
});

describe('time bounds', () => {
  it('refuses a scheduledAt past 2100 (1e20 overflowed a PostgreSQL bigint)', async () => {
    const { id } = await accepted();
    for (const scheduledAt of [1e20, Date.UTC(2100, 0, 1) + 1]) {
      const res = await call(asker, 'POST', `/api/exchanges/${id}/schedule`, {
        scheduledAt,
        place: '活动室',
        plannedMinutes: 30,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await call(asker, 'GET', `/api/exchanges/${id}`)).body).toMatchObject({
      status: 'accepted',
      scheduledAt: null,
    });
  });
});

describe('scheduling', () => {
  it('refuses a time more than ten minutes past or more than a year ahead, so no-show cannot be faked', async () => {
    const { id } = await accepted();
    for (const scheduledAt of [Date.now() - HOUR, Date.now() - 11 * 60_000, Date.now() + 367 * 86_400_000]) {
      const res = await call(asker, 'POST', `/api/exchanges/${id}/schedule`, {
        scheduledAt,
        place: '活动室',
        plannedMinutes: 30,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', details: { field: 'scheduledAt' } });
    }
    expect((await call(asker, 'GET', `/api/exchanges/${id}`)).body).toMatchObject({
      status: 'accepted',
      scheduledAt: null,
      abilities: { reportNoShow: false },
    });
    expect((await call(asker, 'POST', `/api/exchanges/${id}/no-show`, { reason: '没来' })).status).toBe(409);
    const soon = Date.now() + HOUR;
    const ok = await call(asker, 'POST', `/api/exchanges/${id}/schedule`, {
      scheduledAt: soon,
      place: '活动室',
      plannedMinutes: 30,
    });
    expect(ok.body).toMatchObject({
      status: 'scheduled',
      scheduledAt: soon,
      abilities: { reportNoShow: false },
    });
  });
});

describe('page cursors', () => {
  it('refuses a cursor that is not an exchange id, on my list and the staff queue', async () => {
    const a = await proposed();
    const b = await proposed();
    for (const url of [
      '/api/exchanges?cursor=garbage',
      '/api/exchanges?cursor=zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
      `/api/staff/exchanges?status=proposed&cursor=garbage`,
    ]) {
      const res = await call(url.includes('staff') ? worker : asker, 'GET', url);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', details: { field: 'cursor' } });
    }
    const page = await call(asker, 'GET', '/api/exchanges?limit=1');
    expect(page.body.items[0].id).toBe(b.id);
    const next = await call(asker, 'GET', `/api/exchanges?limit=1&cursor=${page.body.next}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).toBe(a.id);
    const staff = await call(worker, 'GET', `/api/staff/exchanges?status=proposed&limit=1&cursor=${b.id}`);
    expect(staff.status).toBe(200);
    expect(staff.body.items[0].id).toBe(a.id);
  });
});

describe('a listing I already answered', () => {
  it('says exchange_already_requested on the listing and in the feed while my exchange is live', async () => {
    const listingId = await offer();
    const before = await call(asker, 'GET', `/api/listings/${listingId}`);
    expect(before.body.abilities).toMatchObject({ respond: true, respondBlockedBy: null });
    const created = await call(asker, 'POST', '/api/exchanges', { listingId });
    expect(created.status).toBe(201);
    const seen = await call(asker, 'GET', `/api/listings/${listingId}`);
    expect(seen.body.abilities).toMatchObject({
      respond: false,
      respondBlockedBy: 'exchange_already_requested',
    });
    const feed = await call(asker, 'GET', '/api/listings?direction=offer&limit=50');
    const inFeed = feed.body.items.find((l: { id: string }) => l.id === listingId);
    expect(inFeed.abilities).toMatchObject({
      respond: false,
      respondBlockedBy: 'exchange_already_requested',
    });
    // Others are not affected, and the same feed page is not shared with them.
    const other = await call(worker, 'GET', `/api/listings/${listingId}`);
    expect(other.body.abilities).toMatchObject({ respond: true, respondBlockedBy: null });
    // Finished (cancelled): may ask again.
    await call(asker, 'POST', `/api/exchanges/${created.body.id}/cancel`, { reason: '不需要了' });
    const again = await call(asker, 'GET', `/api/listings/${listingId}`);
    expect(again.body.abilities).toMatchObject({ respond: true, respondBlockedBy: null });
  });
});

describe('marking notifications read', () => {
  it('marks only the given ids (mine only), refuses a body it does not understand, and all without one', async () => {
    await proposed();
    await proposed();
    const unreadOf = async (p: Person) => {
      const list = (await call(p, 'GET', '/api/me/notifications')).body;
      return list.items.filter((n: { readAt: number | null }) => n.readAt === null) as { id: string }[];
    };
    const ownerUnread = await unreadOf(owner);
    const askerUnread = await unreadOf(asker);
    expect(ownerUnread.length).toBeGreaterThanOrEqual(2);
    expect(askerUnread.length).toBeGreaterThanOrEqual(1);

    for (const payload of [
      { ids: ['garbage'] },
      { ids: 'x' },
      { all: true },
      { ids: Array(101).fill(ownerUnread[0]!.id) },
    ]) {
      const res = await call(owner, 'POST', '/api/me/notifications/read', payload);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await unreadOf(owner)).length).toBe(ownerUnread.length);

    const one = await call(owner, 'POST', '/api/me/notifications/read', {
      ids: [ownerUnread[0]!.id, askerUnread[0]!.id],
    });
    expect(one.body).toEqual({ marked: 1 });
    expect((await unreadOf(owner)).map((n) => n.id)).toEqual(ownerUnread.slice(1).map((n) => n.id));
    expect((await unreadOf(asker)).length).toBe(askerUnread.length);

    const all = await call(owner, 'POST', '/api/me/notifications/read');
    expect(all.body).toEqual({ marked: ownerUnread.length - 1 });
    expect(await unreadOf(owner)).toEqual([]);
  });
});
