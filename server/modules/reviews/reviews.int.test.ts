import { sha256 } from '@noble/hashes/sha2.js';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../common/tlog/note.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { insertListing } from '../../../test/helpers/listing-fixture.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';
import { databaseSource } from '../trustlog/log-sources.js';
import { verifyLog } from '../trustlog/log-verifier.js';
import { bayesianRating } from './reputation.js';
import { commentHash, ReviewsService, reviewCommitment } from './reviews.service.js';

type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let C1: string;
let C2: string;
let worker1: Person;
let worker2: Person;
const people: Person[] = [];
let phoneCounter = 0;
let keyCounter = 0;

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

/** A fresh resident of C1 (tests never share people, so counts stay their own). */
async function resident(community = C1): Promise<Person> {
  const p = await signInOverHttp(ctx.app, ctx.services, `1370000${String(++phoneCounter).padStart(4, '0')}`);
  await ctx.services.privacy.updateProfile(asPerson(p), {
    homeDivision: community,
    nickname: `邻${p.accountId.slice(-4)}`,
  });
  people.push(p);
  return p;
}

/** Opens a review window between two people directly (as a finished loan or exchange would). */
async function windowBetween(a: Person, b: Person, kind: 'exchange' | 'loan' = 'exchange') {
  const subjectId = uuidv7();
  await ctx.db.kysely.transaction().execute((trx) =>
    ctx.services.reviews.openWindow(trx, {
      kind,
      subjectId,
      parties: [a.accountId, b.accountId],
      communityCode: C1,
      title: '修水龙头',
    }),
  );
  return `/api/reviews/subjects/${kind}/${subjectId}`;
}

async function entry(index: number) {
  const e = await ctx.services.trustlog.entry(index);
  return JSON.parse(new TextDecoder().decode(e.bytes)) as {
    kind: string;
    data: Record<string, unknown>;
    refs?: number[];
  };
}

const reviewCount = async () =>
  Number(
    (
      await ctx.db.kysely
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A real exchange: `recipient` asks for `provider`'s offer, through to paid. */
async function paidExchange(provider: Person, recipient: Person): Promise<string> {
  await ctx.services.points.settleHelp({
    providerId: recipient.accountId,
    recipientId: null,
    communityCode: C1,
    minutes: 120,
    keyScope: 'test',
    idempotencyKey: `fund-${++keyCounter}`,
    initiatorId: null,
  });
  const listingId = await insertListing(ctx.db, {
    ownerId: provider.accountId,
    direction: 'offer',
    divisionCode: C1,
    title: '上门修水龙头',
  });
  const created = await call(recipient, 'POST', '/api/exchanges', { listingId });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await call(provider, 'POST', `/api/exchanges/${id}/accept`)).status).toBe(200);
  expect((await call(provider, 'POST', `/api/exchanges/${id}/done`)).status).toBe(200);
  const paid = await call(recipient, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 60 });
  expect(paid.body.status).toBe('paid');
  return id;
}

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  const communities = await ctx.services.divisions.communitiesUnder('440604');
  C1 = communities[0]!.code;
  C2 = communities.find((c) => c.code.slice(0, 9) !== C1.slice(0, 9))!.code;
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000001', 'worker', C1);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000002', 'worker', C2);
  worker1 = await signInOverHttp(ctx.app, ctx.services, '13500000001');
  worker2 = await signInOverHttp(ctx.app, ctx.services, '13500000002');
  await ctx.services.points.setBudget(SYSTEM, C1, 100_000);
});
afterAll(async () => {
  await ctx.drop();
});

describe('reviews of a paid exchange', () => {
  it('opens a window for both parties on payment, lists it as 待评价, and rates the provider', async () => {
    const provider = await resident();
    const recipient = await resident();
    const id = await paidExchange(provider, recipient);

    const pending = await call(recipient, 'GET', '/api/me/reviews/pending');
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        subjectKind: 'exchange',
        subjectId: id,
        title: '上门修水龙头',
        counterpart: { id: provider.accountId, nickname: expect.any(String) },
      }),
    ]);
    expect((await call(provider, 'GET', '/api/me/reviews/pending')).body.items).toHaveLength(1);

    const url = `/api/reviews/subjects/exchange/${id}`;
    const view = await call(provider, 'GET', url);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ open: true, mine: null, theirs: null, abilities: { review: true } });

    const given = await call(recipient, 'POST', url, {
      stars: 5,
      tags: ['punctual', 'skilled'],
      comment: '<b>师傅</b>很准时，修得很好',
    });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({
      stars: 5,
      comment: '<b>师傅</b>很准时，修得很好',
      mine: true,
      published: false,
      abilities: { edit: true },
    });
    expect((await call(recipient, 'GET', '/api/me/reviews/pending')).body.items).toHaveLength(0);
    const back = await call(provider, 'POST', url, { stars: 4, tags: ['friendly'] });
    expect(back.body.published).toBe(true);

    const detail = await call(recipient, 'GET', `/api/exchanges/${id}`);
    expect(detail.body.provider.rating).toBe(bayesianRating(5, 1));
    expect(detail.body.recipient.rating).toBe(bayesianRating(4, 1));
    const ratings = await ctx.services.reputation.ratingsFor([provider.accountId, worker2.accountId]);
    expect(ratings.get(provider.accountId)).toEqual({ rating: bayesianRating(5, 1), count: 1 });
    expect(ratings.get(worker2.accountId)).toEqual({ rating: null, count: 0 });

    // Every figure of the credit record is backed by entries that really say so.
    const credit = await call(provider, 'GET', `/api/people/${provider.accountId}/credit`);
    expect(credit.body.detailed).toBe(true);
    const figure = (key: string) => credit.body.figures.find((f: { key: string }) => f.key === key);
    expect(figure('exchanges_as_helper')).toMatchObject({ value: 1, entries: 1 });
    expect(figure('exchanges_as_recipient')).toMatchObject({ value: 0 });
    expect(figure('on_time_rate')).toMatchObject({ value: 1 });
    expect(figure('loans')).toMatchObject({ value: 0 });
    expect(figure('rating')).toMatchObject({ value: bayesianRating(5, 1), entries: 1 });
    const paidEntry = await entry(figure('exchanges_as_helper').logIndexes[0]);
    expect(paidEntry).toMatchObject({ kind: 'exchange.paid', data: { exchange: id } });
    const reviewEntry = await entry(figure('rating').logIndexes[0]);
    expect(reviewEntry).toMatchObject({
      kind: 'review.published',
      data: { stars: 5, subject: `exchange:${id}` },
    });
  });

  it('opens a window for an exchange closed without pay by a worker', async () => {
    const provider = await resident();
    const recipient = await resident();
    const listingId = await insertListing(ctx.db, {
      ownerId: provider.accountId,
      direction: 'offer',
      divisionCode: C1,
    });
    const id = (await call(recipient, 'POST', '/api/exchanges', { listingId })).body.id;
    await call(provider, 'POST', `/api/exchanges/${id}/accept`);
    await call(provider, 'POST', `/api/exchanges/${id}/done`);
    await call(recipient, 'POST', `/api/exchanges/${id}/dispute`, { reason: '没修好' });
    const resolved = await call(worker1, 'POST', `/api/exchanges/${id}/resolve`, {
      outcome: 'no_pay',
      note: '双方同意不付积分',
    });
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.abilities.review).toBe(false);
    expect((await call(recipient, 'GET', `/api/exchanges/${id}`)).body.abilities.review).toBe(true);
    expect((await call(recipient, 'GET', `/api/reviews/subjects/exchange/${id}`)).body.open).toBe(true);
    const credit = await call(recipient, 'GET', `/api/people/${recipient.accountId}/credit`);
    expect(credit.body.figures.find((f: { key: string }) => f.key === 'disputes')).toMatchObject({
      value: 1,
    });
  });
});

describe('bad input', () => {
  it('refuses strangers, a second review, bad stars and tags, oversized comments, and a closed window', async () => {
    const a = await resident();
    const b = await resident();
    const stranger = await resident();
    const url = await windowBetween(a, b);
    const before = await reviewCount();

    const notMine = await call(stranger, 'POST', url, { stars: 1 });
    expect(notMine).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await call(stranger, 'GET', url)).status).toBe(404);
    expect((await call(a, 'GET', `/api/reviews/subjects/exchange/${uuidv7()}`)).status).toBe(404);
    expect((await call(a, 'GET', '/api/reviews/subjects/nonsense/1')).body.code).toBe('validation_failed');
    expect((await call(null, 'POST', url, { stars: 5 })).status).toBe(401);

    for (const body of [
      { stars: 0 },
      { stars: 6 },
      { stars: 4.5 },
      {},
      { stars: 5, tags: ['rude'] },
      { stars: 5, tags: ['warm', 'warm'] },
      { stars: 5, comment: '好'.repeat(501) },
      { stars: 5, extra: 1 },
    ]) {
      const res = await call(a, 'POST', url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await reviewCount()).toBe(before);

    expect((await call(a, 'POST', url, { stars: 4, comment: '好'.repeat(500) })).status).toBe(201);
    const twice = await call(a, 'POST', url, { stars: 5 });
    expect(twice).toMatchObject({ status: 409, body: { code: 'review_duplicate' } });

    const late = await windowBetween(a, b);
    await ctx.db.kysely
      .updateTable('review_windows')
      .set({ closes_at: Date.now() - 1 })
      .where('subject_id', '=', late.split('/').at(-1)!)
      .execute();
    const closed = await call(b, 'POST', late, { stars: 3 });
    expect(closed).toMatchObject({ status: 409, body: { code: 'review_window_closed' } });
    expect((await call(b, 'GET', late)).body).toMatchObject({ open: false, abilities: { review: false } });
  });

  it('lets only the author edit, within 30 minutes and while blind', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const mine = (await call(a, 'POST', url, { stars: 2, comment: '\u202e一\u0000般\u200b' })).body;
    // Controls, zero-width and bidi characters are taken out (a NUL was a 500 on PostgreSQL).
    expect(mine.comment).toBe('一般');
    expect((await call(b, 'PATCH', `/api/reviews/${mine.id}`, { stars: 1 })).status).toBe(404);
    const edited = await call(a, 'PATCH', `/api/reviews/${mine.id}`, { stars: 3, tags: ['patient'] });
    expect(edited.body).toMatchObject({ stars: 3, tags: ['patient'], comment: '', published: false });
    expect(edited.body.logIndexes).toHaveLength(2);
    expect(await entry(edited.body.logIndexes[1])).toMatchObject({
      kind: 'review.edited',
      refs: [edited.body.logIndexes[0]],
    });
    expect((await call(a, 'PATCH', `/api/reviews/${mine.id}`, { stars: 9 })).status).toBe(400);

    await ctx.db.kysely
      .updateTable('reviews')
      .set({ editable_until: Date.now() - 1 })
      .where('id', '=', mine.id)
      .execute();
    const tooLate = await call(a, 'PATCH', `/api/reviews/${mine.id}`, { stars: 5 });
    expect(tooLate).toMatchObject({ status: 409, body: { code: 'review_edit_closed' } });

    // Once the other side has reviewed, a review is fixed even within the 30 minutes.
    const url2 = await windowBetween(a, b);
    const first = (await call(a, 'POST', url2, { stars: 4 })).body;
    await call(b, 'POST', url2, { stars: 2 });
    const fixed = await call(a, 'PATCH', `/api/reviews/${first.id}`, { stars: 1 });
    expect(fixed.body.code).toBe('review_edit_closed');
  });
});

describe('blind until both reviewed or the window closed', () => {
  it('hides the first review from the other side, logs only a commitment, then publishes both', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const first = (await call(a, 'POST', url, { stars: 2, tags: ['careful'], comment: '迟到了' })).body;

    const bView = (await call(b, 'GET', url)).body;
    expect(bView).toMatchObject({ theirs: null, theirsSubmitted: true, mine: null });
    expect(JSON.stringify(bView)).not.toContain('迟到了');
    const submitted = await entry(first.logIndexes[0]);
    expect(submitted.kind).toBe('review.submitted');
    expect(submitted.data).not.toHaveProperty('stars');
    expect(JSON.stringify(submitted)).not.toContain('迟到了');
    // Not counted while blind.
    expect((await ctx.services.reputation.ratingsFor([b.accountId])).get(b.accountId)!.count).toBe(0);
    // Another signed-in person learns nothing from the credit record either.
    expect((await call(a, 'GET', `/api/people/${b.accountId}/credit`)).body.reputation.count).toBe(0);

    await call(b, 'POST', url, { stars: 5 });
    const aView = (await call(a, 'GET', url)).body;
    expect(aView.theirs).toMatchObject({ stars: 5, published: true });
    expect(aView.mine).toMatchObject({ stars: 2, published: true, abilities: { edit: false } });
    const bAfter = (await call(b, 'GET', url)).body;
    expect(bAfter.theirs).toMatchObject({ stars: 2, comment: '迟到了', tags: ['careful'] });

    // The published entry matches the commitment made before the other side's review was seen.
    const published = await entry(bAfter.theirs.logIndexes.at(-1));
    expect(published).toMatchObject({
      kind: 'review.published',
      data: { stars: 2, tags: ['careful'], counted: true },
      refs: [first.logIndexes[0]],
    });
    const commitment = reviewCommitment({
      stars: published.data.stars as number,
      tags: published.data.tags as string[],
      comment: published.data.comment as string,
    });
    expect(commitment).toBe(submitted.data.commitment);
    const row = await ctx.db.kysely
      .selectFrom('reviews')
      .select(['salt', 'comment'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(commentHash(row.salt, row.comment)).toBe(published.data.comment);
    expect((await ctx.services.reputation.ratingsFor([b.accountId])).get(b.accountId)!.count).toBe(1);
  });

  it('publishes a one-sided review when the window closes', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const given = (await call(a, 'POST', url, { stars: 3 })).body;
    await ctx.db.kysely
      .updateTable('review_windows')
      .set({ closes_at: Date.now() - 1 })
      .where('subject_id', '=', url.split('/').at(-1)!)
      .execute();
    expect(await ctx.services.reviews.closeDue()).toBeGreaterThanOrEqual(1);
    expect(await ctx.services.reviews.closeDue()).toBe(0);
    expect((await call(b, 'GET', url)).body.theirs).toMatchObject({
      id: given.id,
      stars: 3,
      published: true,
    });
    expect((await ctx.services.reputation.ratingsFor([b.accountId])).get(b.accountId)).toEqual({
      rating: bayesianRating(3, 1),
      count: 1,
    });
  });

  it('queues the closing as a job at the window’s end', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const job = await ctx.db.kysely
      .selectFrom('jobs')
      .select(['kind', 'run_at'])
      .where('kind', '=', 'reviews.close_window')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const w = await ctx.db.kysely
      .selectFrom('review_windows')
      .select('closes_at')
      .where('subject_id', '=', url.split('/').at(-1)!)
      .executeTakeFirstOrThrow();
    expect(Number(job.run_at)).toBe(Number(w.closes_at));
    expect(Number(w.closes_at) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
  });
});

describe('races', () => {
  it('publishes both when the two sides review at the same moment', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const [ra, rb] = await Promise.all([
      call(a, 'POST', url, { stars: 4 }),
      call(b, 'POST', url, { stars: 3 }),
    ]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const view = (await call(a, 'GET', url)).body;
    expect(view.mine.published).toBe(true);
    expect(view.theirs).toMatchObject({ stars: 3, published: true });
  });

  it('takes one of two reviews sent at once by the same person', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const results = await Promise.all([
      call(a, 'POST', url, { stars: 4 }),
      call(a, 'POST', url, { stars: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('review_duplicate');
  });
});

describe('reports and moderation', () => {
  it('queues a reported review for the reviewee’s community; hiding logs the fact and leaves the average', async () => {
    const a = await resident();
    const b = await resident();
    const stranger = await resident();
    const url = await windowBetween(a, b);
    const bad = (await call(a, 'POST', url, { stars: 1, comment: '他家住几楼我都知道' })).body;
    await call(b, 'POST', url, { stars: 5 });
    expect((await ctx.services.reputation.ratingsFor([b.accountId])).get(b.accountId)!.count).toBe(1);

    // The author cannot report their own review; a stranger cannot see it (no consent).
    expect((await call(a, 'POST', `/api/reviews/${bad.id}/report`, { reason: 'x' })).status).toBe(403);
    expect((await call(stranger, 'POST', `/api/reviews/${bad.id}/report`, { reason: 'x' })).status).toBe(404);
    expect((await call(b, 'POST', `/api/reviews/${bad.id}/report`, { reason: '' })).status).toBe(400);
    const invisible = await call(b, 'POST', `/api/reviews/${bad.id}/report`, {
      reason: '\u0000\u200b\u2066',
    });
    expect(invisible.body).toMatchObject({ code: 'validation_failed', details: { field: 'reason' } });
    const reported = await call(b, 'POST', `/api/reviews/${bad.id}/report`, { reason: '泄露住址' });
    expect(reported.status).toBe(204);
    const again = await call(b, 'POST', `/api/reviews/${bad.id}/report`, { reason: '泄露住址' });
    expect(again.body.code).toBe('review_report_duplicate');

    expect((await call(a, 'GET', '/api/staff/reviews/reports')).status).toBe(403);
    expect((await call(worker1, 'GET', `/api/staff/reviews/reports?community=${C2}`)).status).toBe(403);
    const queue = (await call(worker1, 'GET', '/api/staff/reviews/reports')).body.items;
    const item = queue.find((i: { review: { id: string } }) => i.review.id === bad.id);
    expect(item).toMatchObject({
      communityCode: C1,
      reports: [{ reason: '泄露住址' }],
      review: { stars: 1 },
    });
    expect((await call(worker2, 'GET', '/api/staff/reviews/reports')).body.items).toEqual([]);
    expect(
      (
        await call(worker2, 'POST', `/api/staff/reviews/${bad.id}/moderate`, {
          decision: 'hide',
          reason: 'x',
        })
      ).status,
    ).toBe(404);

    const blankReason = await call(worker1, 'POST', `/api/staff/reviews/${bad.id}/moderate`, {
      decision: 'hide',
      reason: '\ufeff\u202c ',
    });
    expect(blankReason.body).toMatchObject({ code: 'validation_failed', details: { field: 'reason' } });
    const hidden = await call(worker1, 'POST', `/api/staff/reviews/${bad.id}/moderate`, {
      decision: 'hide',
      reason: '含住址信息',
    });
    expect(hidden.status).toBe(200);
    expect(hidden.body.review).toMatchObject({ hidden: true, hiddenReason: '含住址信息' });
    const hiddenEntry = await entry(hidden.body.review.logIndexes.at(-1));
    expect(hiddenEntry).toMatchObject({ kind: 'review.hidden', data: { review: bad.id, reports: 1 } });
    expect(JSON.stringify(hiddenEntry)).not.toContain('含住址信息');
    expect((await call(worker1, 'GET', '/api/staff/reviews/reports')).body.items).toEqual(
      expect.not.arrayContaining([
        expect.objectContaining({ review: expect.objectContaining({ id: bad.id }) }),
      ]),
    );
    const again2 = await call(worker1, 'POST', `/api/staff/reviews/${bad.id}/moderate`, {
      decision: 'hide',
      reason: 'x',
    });
    expect(again2.body.code).toBe('review_already_hidden');

    // Never deleted: it is still there, shown as hidden with the reason, without its content.
    const credit = (await call(b, 'GET', `/api/people/${b.accountId}/credit`)).body;
    const shown = credit.reviews.find((r: { id: string }) => r.id === bad.id);
    expect(shown).toMatchObject({ hidden: true, hiddenReason: '含住址信息', stars: null, comment: null });
    expect(credit.reputation.count).toBe(0);
    expect(await reviewCount()).toBeGreaterThan(0);
  });

  it('keeps a review with a reason, closing its reports', async () => {
    const a = await resident();
    const b = await resident();
    const url = await windowBetween(a, b);
    const r = (await call(a, 'POST', url, { stars: 2, comment: '晚到半小时' })).body;
    await call(b, 'POST', url, { stars: 4 });
    await call(b, 'POST', `/api/reviews/${r.id}/report`, { reason: '不公平' });
    const kept = await call(worker1, 'POST', `/api/staff/reviews/${r.id}/moderate`, {
      decision: 'keep',
      reason: '属实的评价',
    });
    expect(kept.body.review).toMatchObject({ hidden: false, stars: 2 });
    expect((await entry(kept.body.review.logIndexes.at(-1))).kind).toBe('review.kept');
    expect((await ctx.services.reputation.ratingsFor([b.accountId])).get(b.accountId)!.count).toBe(1);
  });
});

describe('limits against review bombing', () => {
  it('caps reviews per reviewer per day', async () => {
    const limited = new ReviewsService(
      ctx.db,
      {
        log: ctx.services.logAppender,
        notify: ctx.services.notify,
        jobs: ctx.services.jobs,
        directory: ctx.services.directory,
      },
      { dailyLimit: 2 },
    );
    const bomber = await resident();
    const targets = [await resident(), await resident(), await resident()];
    const urls = [];
    for (const t of targets) urls.push(await windowBetween(bomber, t));
    const subject = (url: string) => url.split('/').at(-1)!;
    await limited.submit(asPerson(bomber), 'exchange', subject(urls[0]!), { stars: 1 });
    await limited.submit(asPerson(bomber), 'exchange', subject(urls[1]!), { stars: 1 });
    await expect(
      limited.submit(asPerson(bomber), 'exchange', subject(urls[2]!), { stars: 1 }),
    ).rejects.toMatchObject({
      code: 'review_rate_limited',
    });
  });

  it('counts repeated reviews of the same person once in 30 days', async () => {
    const fan = await resident();
    const target = await resident();
    for (const stars of [1, 1, 1]) {
      const url = await windowBetween(fan, target);
      await call(fan, 'POST', url, { stars });
      await call(target, 'POST', url, { stars: 5 });
    }
    const honest = await resident();
    const url = await windowBetween(honest, target);
    await call(honest, 'POST', url, { stars: 5 });
    await call(target, 'POST', url, { stars: 5 });
    expect((await ctx.services.reputation.ratingsFor([target.accountId])).get(target.accountId)).toEqual({
      rating: bayesianRating(1 + 5, 2),
      count: 2,
    });
    const credit = (await call(target, 'GET', `/api/people/${target.accountId}/credit`)).body;
    expect(credit.reviews).toHaveLength(4);
    expect(credit.reputation).toMatchObject({ count: 2, mean: 3, priorMean: 4.5, priorCount: 5 });
    // The fan's own average counts each of the target's reviews once too.
    expect((await ctx.services.reputation.ratingsFor([fan.accountId])).get(fan.accountId)!.count).toBe(1);
  });
});

describe('the credit record', () => {
  it('shows the aggregate to everyone and the detail only with consent', async () => {
    const person = await resident();
    const other = await resident();
    const viewer = await resident(C2);
    const url = await windowBetween(person, other, 'loan');
    await call(person, 'POST', url, { stars: 4 });
    await call(other, 'POST', url, { stars: 5, comment: '东西很新' });

    const plain = await call(viewer, 'GET', `/api/people/${person.accountId}/credit`);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({
      person: { id: person.accountId, verification: 'phone', partyMember: false, place: expect.any(String) },
      reputation: { rating: bayesianRating(5, 1), count: 1 },
      detailed: false,
      figures: [],
      reviews: [],
    });
    expect(JSON.stringify(plain.body)).not.toMatch(/1370000/);

    expect((await call(person, 'POST', '/api/me/consents/share_record')).status).toBe(204);
    const full = await call(viewer, 'GET', `/api/people/${person.accountId}/credit`);
    expect(full.body.detailed).toBe(true);
    expect(full.body.reviews).toEqual([
      expect.objectContaining({ stars: 5, comment: '东西很新', mine: false }),
    ]);
    expect(full.body.figures.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining([
        'exchanges_as_helper',
        'exchanges_as_recipient',
        'on_time_rate',
        'no_shows',
        'disputes',
        'loans',
        'reviews',
        'rating',
      ]),
    );
    // A reader who can see it may report it.
    expect(full.body.reviews[0].abilities.report).toBe(true);
    expect(
      (await call(viewer, 'POST', `/api/reviews/${full.body.reviews[0].id}/report`, { reason: '?' })).status,
    ).toBe(204);

    await call(person, 'POST', '/api/me/consents/share_record/withdraw');
    expect((await call(viewer, 'GET', `/api/people/${person.accountId}/credit`)).body.detailed).toBe(false);
    expect((await call(viewer, 'GET', `/api/people/${uuidv7()}/credit`)).status).toBe(404);
    expect((await call(null, 'GET', `/api/people/${person.accountId}/credit`)).status).toBe(401);
  });

  it('ranks forty 4.8★ reviews above one 5★ review', async () => {
    const veteran = await resident();
    const newcomer = await resident();
    await ctx.db.kysely
      .insertInto('reputation')
      .values({ account_id: veteran.accountId, stars_sum: 192, reviews_count: 40, updated_at: Date.now() })
      .execute();
    const url = await windowBetween(newcomer, veteran);
    await call(veteran, 'POST', url, { stars: 5 });
    await call(newcomer, 'POST', url, { stars: 5 });
    const r = await ctx.services.reputation.ratingsFor([veteran.accountId, newcomer.accountId]);
    expect(r.get(newcomer.accountId)!.rating).toBeCloseTo(4.58, 2);
    expect(r.get(veteran.accountId)!.rating).toBeGreaterThan(r.get(newcomer.accountId)!.rating!);
  });
});

describe('matching uses reputation', () => {
  it('shows posters’ ratings and ranks by them without burying newcomers', async () => {
    const asker = await resident();
    const veteran = await resident();
    const newcomer = await resident();
    const poor = await resident();
    const ids = [asker, veteran, newcomer, poor].map((p) => p.accountId);
    await ctx.db.kysely
      .updateTable('accounts')
      .set({ verification: 'in_person' })
      .where('id', 'in', ids)
      .execute();
    const now = Date.now();
    await ctx.db.kysely
      .insertInto('reputation')
      .values([
        { account_id: veteran.accountId, stars_sum: 49, reviews_count: 10, updated_at: now },
        { account_id: poor.accountId, stars_sum: 3, reviews_count: 3, updated_at: now },
      ])
      .execute();
    await ctx.db.kysely
      .insertInto('helper_load')
      .values({
        account_id: veteran.accountId,
        active: 0,
        completed: 10,
        last_completed_at: now,
        updated_at: now,
      })
      .execute();
    const offer = {
      direction: 'offer',
      kind: 'skill',
      title: '水管维修 修龙头',
      description: '龙头滴水、角阀漏水都能修',
      category: 'plumbing',
      tags: ['漏水'],
      availability: [{ day: 6, part: 'morning' }],
      divisionCode: C1,
    };
    const offers: Record<string, string> = {};
    for (const p of [veteran, newcomer, poor]) {
      const res = await call(p, 'POST', '/api/listings', offer);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      offers[p.accountId] = res.body.id;
    }
    expect((await call(asker, 'GET', `/api/listings/${offers[veteran.accountId]}`)).body.poster.rating).toBe(
      bayesianRating(49, 10),
    );
    const need = await call(asker, 'POST', '/api/listings', {
      direction: 'need',
      kind: 'service',
      title: '水龙头漏水',
      description: '厨房水龙头一直滴水',
      category: 'plumbing',
      tags: ['漏水'],
      availability: [{ day: 6, part: 'morning' }],
    });
    expect(need.status).toBe(201);
    const matches = (await call(asker, 'GET', `/api/listings/${need.body.id}/matches?limit=10`)).body
      .items as {
      listing: { poster: { id: string; rating: number | null } };
      score: number;
      components: Record<string, number>;
      reasons: { code: string }[];
    }[];
    const of = (p: { accountId: string }) => matches.find((m) => m.listing.poster.id === p.accountId)!;
    expect(of(veteran).listing.poster.rating).toBe(bayesianRating(49, 10));
    expect(of(veteran).reasons.map((r) => r.code)).toContain('rating');
    expect(of(newcomer).listing.poster.rating).toBeNull();
    expect(of(newcomer).reasons.map((r) => r.code)).toContain('new_helper');
    // A newcomer counts at the prior: above a helper whose few reviews are poor.
    expect(of(newcomer).components.reputation).toBeGreaterThan(of(poor).components.reputation!);
    expect(of(newcomer).score).toBeGreaterThan(of(poor).score);
    expect(of(veteran).components.reputation).toBeGreaterThan(of(newcomer).components.reputation!);
  });
});

describe('the API document', () => {
  it('describes every reviews route under its tag', async () => {
    const doc = (await call(null, 'GET', '/api/openapi.json')).body;
    for (const path of [
      '/api/reviews/subjects/{kind}/{id}',
      '/api/reviews/{id}',
      '/api/reviews/{id}/report',
      '/api/me/reviews/pending',
      '/api/staff/reviews/reports',
      '/api/staff/reviews/{id}/moderate',
      '/api/people/{id}/credit',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
      for (const op of Object.values(doc.paths[path]) as { tags: string[] }[])
        expect(op.tags).toEqual(['reviews']);
    }
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('reviews');
  });
});

describe('the trust log', () => {
  it('still verifies as a whole after all of the above', async () => {
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    const keyText = (await ctx.services.trustlog.info()).verifierKey;
    const verdict = await verifyLog(databaseSource(ctx.db), {
      log: parseVerifierKey(sha256, keyText),
      witnesses: [],
    });
    expect(verdict.problems ?? []).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});
