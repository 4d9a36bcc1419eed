import { generateKeyPairSync, sign } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeConfirmStatement } from '../../../common/schemas/exchanges.js';
import { toBase64 } from '../../../common/tlog/bytes.js';
import { parseVerifierKey } from '../../../common/tlog/note.js';
import { statementMessage } from '../../../common/tlog/statement.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { insertListing, openSlots } from '../../../test/helpers/listing-fixture.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';
import { canonicalJson } from '../trustlog/log-entry.js';
import { databaseSource } from '../trustlog/log-sources.js';
import { verifyLog } from '../trustlog/log-verifier.js';
import { ExchangesRepository } from './exchanges.repository.js';

type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let C1: string;
let C2: string;
let worker1: Person;
let worker2: Person;
let owner: Person;
let asker: Person;
let helper1: Person;
let helper2: Person;
let stranger: Person;
let poor: Person;
let keyCounter = 0;

const asPerson = (p: Person): Actor => ({ kind: 'person', accountId: p.accountId, grants: [] });
const PHONES = {
  worker1: '13600000001',
  worker2: '13600000002',
  owner: '13600000011',
  asker: '13600000012',
  helper1: '13600000013',
  helper2: '13600000014',
  stranger: '13600000015',
  poor: '13600000016',
};

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
const balanceOf = async (p: Person) => (await call(p, 'GET', '/api/me/points')).body.balance as number;
const load = (p: Person) => new ExchangesRepository(ctx.db.kysely).load(p.accountId);

async function fund(p: Person, minutes: number) {
  await ctx.services.points.settleHelp({
    providerId: p.accountId,
    recipientId: null,
    communityCode: C1,
    minutes,
    keyScope: 'test',
    idempotencyKey: `fund-${++keyCounter}`,
    initiatorId: null,
  });
}

async function offerBy(p: Person, extra: Partial<Parameters<typeof insertListing>[1]> = {}) {
  return insertListing(ctx.db, { ownerId: p.accountId, direction: 'offer', divisionCode: C1, ...extra });
}

/** An exchange taken to `accepted`: `asker` asks for `owner`'s offer. */
async function accepted(recipient = asker, provider = owner) {
  const listingId = await offerBy(provider);
  const created = await call(recipient, 'POST', '/api/exchanges', { listingId });
  expect(created.status).toBe(201);
  const res = await call(provider, 'POST', `/api/exchanges/${created.body.id}/accept`);
  expect(res.status).toBe(200);
  return { id: created.body.id as string, listingId };
}

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  const communities = await ctx.services.divisions.communitiesUnder('440604');
  C1 = communities[0]!.code;
  C2 = communities.find((c) => c.code.slice(0, 9) !== C1.slice(0, 9))!.code;
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, PHONES.worker1, 'worker', C1);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, PHONES.worker2, 'worker', C2);
  worker1 = await signInOverHttp(ctx.app, ctx.services, PHONES.worker1);
  worker2 = await signInOverHttp(ctx.app, ctx.services, PHONES.worker2);
  owner = await signInOverHttp(ctx.app, ctx.services, PHONES.owner);
  asker = await signInOverHttp(ctx.app, ctx.services, PHONES.asker);
  helper1 = await signInOverHttp(ctx.app, ctx.services, PHONES.helper1);
  helper2 = await signInOverHttp(ctx.app, ctx.services, PHONES.helper2);
  stranger = await signInOverHttp(ctx.app, ctx.services, PHONES.stranger);
  poor = await signInOverHttp(ctx.app, ctx.services, PHONES.poor);
  for (const p of [owner, asker, helper1, helper2, stranger, poor, worker1])
    await ctx.services.privacy.updateProfile(asPerson(p), {
      homeDivision: C1,
      nickname: `邻居${p.accountId.slice(-4)}`,
    });
  await ctx.services.privacy.updateProfile(asPerson(worker2), { homeDivision: C2 });
  await ctx.services.points.setBudget(SYSTEM, C1, 100_000);
  await fund(asker, 600);
  await fund(helper1, 600);
  await fund(helper2, 600);
  await fund(owner, 600);
});
afterAll(async () => {
  await ctx.drop();
});

describe('the happy path', () => {
  it('asks, accepts, schedules, does, confirms and pays, with contact details masked until acceptance', async () => {
    const listingId = await offerBy(owner, { title: '上门修水龙头' });
    const askerBefore = await balanceOf(asker);
    const ownerBefore = await balanceOf(owner);

    const created = await call(asker, 'POST', '/api/exchanges', {
      listingId,
      message: '<b>您好</b>，周六有空吗？',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      status: 'proposed',
      role: 'recipient',
      listingTitle: '上门修水龙头',
      listingDirection: 'offer',
      category: 'plumbing',
      provider: { id: owner.accountId },
      recipient: { id: asker.accountId },
      counterpartPhone: '136****0011',
      pointsEstimate: 10,
      abilities: { accept: false, cancel: true, confirm: false },
    });
    expect(created.body.messages[0]).toMatchObject({ body: '<b>您好</b>，周六有空吗？', mine: true });

    const ownerView = (await call(owner, 'GET', `/api/exchanges/${id}`)).body;
    expect(ownerView).toMatchObject({ role: 'provider', counterpartPhone: '136****0012' });
    expect(ownerView.abilities).toMatchObject({ accept: true, decline: true, markDone: false });
    expect(ownerView.messages[0].mine).toBe(false);

    const acc = await call(owner, 'POST', `/api/exchanges/${id}/accept`);
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ status: 'accepted', counterpartPhone: PHONES.asker });
    expect((await call(asker, 'GET', `/api/exchanges/${id}`)).body.counterpartPhone).toBe(PHONES.owner);
    expect(await openSlots(ctx.db, listingId)).toEqual({ openSlots: 0, status: 'fulfilled' });
    expect((await load(owner)).active).toBe(1);

    // Staff of the community read it, masked; staff elsewhere and strangers do not find it.
    const staffView = await call(worker1, 'GET', `/api/exchanges/${id}`);
    expect(staffView.body).toMatchObject({ role: 'staff', counterpartPhone: null });
    expect((await call(worker2, 'GET', `/api/exchanges/${id}`)).body.code).toBe('exchange_not_found');
    expect((await call(stranger, 'GET', `/api/exchanges/${id}`)).status).toBe(404);

    const at = Date.now() + 86_400_000;
    const sched = await call(asker, 'POST', `/api/exchanges/${id}/schedule`, {
      scheduledAt: at,
      place: '3栋 502',
      plannedMinutes: 60,
    });
    expect(sched.body).toMatchObject({
      status: 'scheduled',
      scheduledAt: at,
      place: '3栋 502',
      plannedMinutes: 60,
    });
    const resched = await call(owner, 'POST', `/api/exchanges/${id}/schedule`, {
      scheduledAt: at + 3600_000,
      place: '3栋 502',
      plannedMinutes: 90,
    });
    expect(resched.body).toMatchObject({ status: 'scheduled', plannedMinutes: 90, pointsEstimate: 15 });

    expect((await call(owner, 'POST', `/api/exchanges/${id}/done`)).body.status).toBe('done');
    const confirmed = await call(asker, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 90 });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'paid', actualMinutes: 90, points: 15 });
    expect(confirmed.body.transferId).toEqual(expect.any(String));
    expect(confirmed.body.abilities.review).toBe(true);
    expect(confirmed.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'proposed',
      'accepted',
      'scheduled',
      'rescheduled',
      'done',
      'confirmed',
      'paid',
    ]);
    expect(confirmed.body.timeline.every((e: { logIndex: number | null }) => e.logIndex !== null)).toBe(true);

    expect(await balanceOf(asker)).toBe(askerBefore - 15);
    expect(await balanceOf(owner)).toBe(ownerBefore + 15);
    expect(await load(owner)).toMatchObject({ active: 0, completed: 1, lastCompletedAt: expect.any(Number) });

    const notes = (await call(asker, 'GET', '/api/me/notifications')).body.items.map(
      (n: { kind: string }) => n.kind,
    );
    expect(notes).toContain('exchange.review_invite');
    expect(notes).toContain('exchange.accepted');
    const ownerNotes = (await call(owner, 'GET', '/api/me/notifications')).body.items.map(
      (n: { kind: string }) => n.kind,
    );
    expect(ownerNotes).toEqual(
      expect.arrayContaining(['exchange.requested', 'exchange.confirmed', 'exchange.review_invite']),
    );

    // Confirming twice is refused and pays nothing more; the job runs again and changes nothing.
    const again = await call(asker, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 90 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'exchange_state' });
    await ctx.services.exchanges.settle(id);
    expect(await balanceOf(owner)).toBe(ownerBefore + 15);

    // Lists: mine, by state and role.
    const mine = (await call(asker, 'GET', '/api/exchanges?state=finished&role=recipient')).body;
    expect(mine.items.map((e: { id: string }) => e.id)).toContain(id);
    expect(
      (await call(asker, 'GET', '/api/exchanges?state=active')).body.items.map((e: { id: string }) => e.id),
    ).not.toContain(id);

    // The trust log names nobody in clear.
    const entries = await ctx.db.kysely.selectFrom('log_entries').select(['kind', 'body']).execute();
    const text = entries
      .filter((e) => e.kind.startsWith('exchange.'))
      .map((e) => Buffer.from(e.body).toString('utf8'))
      .join('\n');
    expect(text).toContain('"step":"paid"');
    for (const secret of [
      PHONES.asker,
      PHONES.owner,
      '3栋',
      owner.accountId,
      asker.accountId,
      '上门修水龙头',
    ])
      expect(text).not.toContain(secret);
  });
});

describe('payment retries', () => {
  it('never pays twice: a payment made before a crash is found by its key and recorded once', async () => {
    const { id } = await accepted();
    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    const exchange = (await call(owner, 'GET', `/api/exchanges/${id}`)).body;
    const community = (
      await ctx.db.kysely
        .selectFrom('exchanges')
        .select('community_code')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).community_code;
    // The job paid, then its process died before marking the exchange paid.
    const before = await balanceOf(owner);
    const first = await ctx.services.points.settleHelp({
      providerId: owner.accountId,
      recipientId: asker.accountId,
      communityCode: community,
      category: exchange.category,
      minutes: 60,
      keyScope: 'exchange',
      idempotencyKey: id,
      initiatorId: asker.accountId,
      ref: `exchange:${id}`,
    });
    const res = await call(asker, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 60 });
    expect(res.body).toMatchObject({ status: 'paid', points: 10, transferId: first.id });
    expect(await balanceOf(owner)).toBe(before + 10);
    await ctx.services.exchanges.settle(id);
    expect(await balanceOf(owner)).toBe(before + 10);
  });
});

describe('refusals', () => {
  it('refuses answering my own listing, asking twice, and an unmet verification requirement', async () => {
    const mine = await offerBy(owner);
    expect((await call(owner, 'POST', '/api/exchanges', { listingId: mine })).body.code).toBe('listing_own');
    expect((await call(asker, 'POST', '/api/exchanges', { listingId: 'nope' })).body.code).toBe(
      'listing_not_found',
    );
    const first = await call(asker, 'POST', '/api/exchanges', { listingId: mine });
    expect(first.status).toBe(201);
    const twice = await call(asker, 'POST', '/api/exchanges', { listingId: mine });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('exchange_already_requested');
    // Two requests at the same moment: one gets in.
    const other = await offerBy(owner);
    const both = await Promise.all([
      ctx.services.exchanges.create(asPerson(helper1), { listingId: other }).then(
        () => 'ok',
        (e) => e.code,
      ),
      ctx.services.exchanges.create(asPerson(helper1), { listingId: other }).then(
        () => 'ok',
        (e) => e.code,
      ),
    ]);
    expect(both.sort()).toEqual(['exchange_already_requested', 'ok']);

    // Home entry needs a helper seen in person.
    const need = await insertListing(ctx.db, {
      ownerId: owner.accountId,
      direction: 'need',
      divisionCode: C1,
      requiredVerification: 'in_person',
    });
    const refused = await call(helper1, 'POST', '/api/exchanges', { listingId: need });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('verification_required');
    await ctx.db.kysely
      .updateTable('accounts')
      .set({ verification: 'in_person' })
      .where('id', '=', helper1.accountId)
      .execute();
    const ok = await call(helper1, 'POST', '/api/exchanges', { listingId: need });
    expect(ok.body).toMatchObject({ status: 'proposed', role: 'provider', listingDirection: 'need' });

    const closed = await insertListing(ctx.db, {
      ownerId: owner.accountId,
      direction: 'offer',
      divisionCode: C1,
      status: 'closed',
    });
    expect((await call(asker, 'POST', '/api/exchanges', { listingId: closed })).body.code).toBe(
      'listing_closed',
    );
    const full = await insertListing(ctx.db, {
      ownerId: owner.accountId,
      direction: 'offer',
      divisionCode: C1,
      status: 'fulfilled',
    });
    expect((await call(asker, 'POST', '/api/exchanges', { listingId: full })).body.code).toBe('listing_full');
    expect((await call(asker, 'POST', '/api/exchanges', { listingId: '', extra: 1 })).body.code).toBe(
      'validation_failed',
    );
    expect((await call(null, 'POST', '/api/exchanges', { listingId: mine })).status).toBe(401);
  });

  it('gives the last slot to exactly one of two acceptances at once; the other changes nothing', async () => {
    const need = await insertListing(ctx.db, {
      ownerId: owner.accountId,
      direction: 'need',
      divisionCode: C1,
    });
    const a = await ctx.services.exchanges.create(asPerson(helper2), { listingId: need });
    const b = await ctx.services.exchanges.create(asPerson(stranger), { listingId: need });
    const results = await Promise.all(
      [a.id, b.id].map((id) =>
        ctx.services.exchanges.accept(asPerson(owner), id).then(
          (d) => d.status as string,
          (e) => e.code as string,
        ),
      ),
    );
    expect([...results].sort()).toEqual(['accepted', 'listing_full']);
    const [winner, loser] = results[0] === 'accepted' ? [a, b] : [b, a];
    expect(await openSlots(ctx.db, need)).toEqual({ openSlots: 0, status: 'fulfilled' });
    const lost = await ctx.services.exchanges.get(asPerson(owner), loser.id);
    expect(lost.status).toBe('proposed');
    expect(lost.timeline.map((e) => e.kind)).toEqual(['proposed']);
    expect((await ctx.services.exchanges.get(asPerson(owner), winner.id)).status).toBe('accepted');

    // The same exchange accepted twice at once: the second loses the version race.
    const listingId = await offerBy(owner, { capacity: 3 });
    const c = await ctx.services.exchanges.create(asPerson(helper2), { listingId });
    const twice = await Promise.all(
      [1, 2].map(() =>
        ctx.services.exchanges.accept(asPerson(owner), c.id).then(
          () => 'accepted',
          (e) => e.code as string,
        ),
      ),
    );
    expect(twice.sort()).toEqual(['accepted', 'exchange_state']);
    expect(await openSlots(ctx.db, listingId)).toEqual({ openSlots: 2, status: 'open' });

    // A listing closed after the request: accepting it is refused as closed, nothing changes.
    const d = await ctx.services.exchanges.create(asPerson(helper2), { listingId: await offerBy(owner) });
    await ctx.db.kysely
      .updateTable('listings')
      .set({ status: 'closed' })
      .where('id', '=', d.listingId)
      .execute();
    const late = await call(owner, 'POST', `/api/exchanges/${d.id}/accept`);
    expect(late.body.code).toBe('listing_closed');
    expect((await call(owner, 'GET', `/api/exchanges/${d.id}`)).body.status).toBe('proposed');
  });

  it('answers the wrong party and the wrong moment with clear codes, changing nothing', async () => {
    const listingId = await offerBy(owner);
    const { id } = (await call(asker, 'POST', '/api/exchanges', { listingId })).body;
    const acceptOwn = await call(asker, 'POST', `/api/exchanges/${id}/accept`);
    expect(acceptOwn.status).toBe(403);
    expect(acceptOwn.body.code).toBe('exchange_wrong_party');
    const early = await call(asker, 'POST', `/api/exchanges/${id}/schedule`, {
      scheduledAt: Date.now(),
      place: '楼下',
      plannedMinutes: 30,
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'exchange_state', detail: expect.stringContaining('proposed') });
    expect((await call(stranger, 'POST', `/api/exchanges/${id}/accept`)).body.code).toBe(
      'exchange_not_found',
    );
    await call(owner, 'POST', `/api/exchanges/${id}/accept`);
    expect((await call(owner, 'POST', `/api/exchanges/${id}/done`)).body.status).toBe('done');
    const wrongConfirm = await call(owner, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 30 });
    expect(wrongConfirm.body.code).toBe('exchange_wrong_party');
    const lateCancel = await call(asker, 'POST', `/api/exchanges/${id}/cancel`, { reason: '不需要了' });
    expect(lateCancel.body.code).toBe('exchange_state');
    expect((await call(asker, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 0 })).body.code).toBe(
      'validation_failed',
    );
    expect(
      (await call(asker, 'POST', `/api/exchanges/${id}/resolve`, { outcome: 'pay', note: 'x' })).body.code,
    ).toBe('exchange_wrong_party');
    const detail = (await call(asker, 'GET', `/api/exchanges/${id}`)).body;
    expect(detail.status).toBe('done');
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['proposed', 'accepted', 'done']);
  });

  it('cancels and declines give the slot back; a no-show after the agreed time counts for the helper', async () => {
    const { id, listingId } = await accepted();
    expect(await openSlots(ctx.db, listingId)).toMatchObject({ openSlots: 0 });
    const cancelled = await call(owner, 'POST', `/api/exchanges/${id}/cancel`, { reason: '临时有事' });
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.counterpartPhone).toBe('136****0012');
    expect(await openSlots(ctx.db, listingId)).toEqual({ openSlots: 1, status: 'open' });

    const d = await accepted();
    expect(
      (await call(owner, 'POST', `/api/exchanges/${d.id}/decline`, { reason: '做不了' })).body.status,
    ).toBe('declined');
    expect(await openSlots(ctx.db, d.listingId)).toEqual({ openSlots: 1, status: 'open' });

    const before = await load(helper1);
    const n = await accepted(asker, helper1);
    const future = await call(asker, 'POST', `/api/exchanges/${n.id}/schedule`, {
      scheduledAt: Date.now() + 3600_000,
      place: '活动室',
      plannedMinutes: 30,
    });
    expect(future.body.abilities.reportNoShow).toBe(false);
    expect((await call(asker, 'POST', `/api/exchanges/${n.id}/no-show`, { reason: '没来' })).body.code).toBe(
      'exchange_state',
    );
    await call(asker, 'POST', `/api/exchanges/${n.id}/schedule`, {
      scheduledAt: Date.now() - 5 * 60_000,
      place: '活动室',
      plannedMinutes: 30,
    });
    expect((await load(helper1)).active).toBe(before.active + 1);
    const noShow = await call(asker, 'POST', `/api/exchanges/${n.id}/no-show`, { reason: '等了一小时没来' });
    expect(noShow.body.status).toBe('no_show');
    expect(await load(helper1)).toMatchObject({ active: before.active, noShows: before.noShows + 1 });
    expect(await openSlots(ctx.db, n.listingId)).toEqual({ openSlots: 1, status: 'open' });
  });
});

describe('disputes and refused payments', () => {
  it('lets staff of the community (only) resolve a dispute, paying the minutes they decide', async () => {
    const { id } = await accepted();
    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    const disputed = await call(asker, 'POST', `/api/exchanges/${id}/dispute`, { reason: '只修了一半' });
    expect(disputed.body).toMatchObject({ status: 'disputed', disputeReason: '只修了一半' });
    const queue = await call(worker1, 'GET', `/api/staff/exchanges?status=disputed&community=${C1}`);
    expect(queue.body.items.map((e: { id: string }) => e.id)).toContain(id);
    expect(queue.body.items[0].abilities.resolve).toBe(true);
    expect((await call(worker2, 'GET', `/api/staff/exchanges?community=${C1}`)).status).toBe(403);
    expect((await call(asker, 'GET', '/api/staff/exchanges')).status).toBe(403);

    const elsewhere = await call(worker2, 'POST', `/api/exchanges/${id}/resolve`, {
      outcome: 'no_pay',
      note: '无',
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('exchange_not_found');

    // Staff may write in a disputed thread.
    expect(
      (await call(worker1, 'POST', `/api/exchanges/${id}/messages`, { body: '我来了解一下情况' })).status,
    ).toBe(201);

    const ownerBefore = await balanceOf(owner);
    const resolved = await call(worker1, 'POST', `/api/exchanges/${id}/resolve`, {
      outcome: 'pay',
      minutes: 30,
      note: '双方同意按半小时计',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'paid',
      points: 5,
      resolution: '双方同意按半小时计',
      role: 'staff',
    });
    expect(await balanceOf(owner)).toBe(ownerBefore + 5);
    expect(
      (await call(worker1, 'POST', `/api/exchanges/${id}/resolve`, { outcome: 'pay', note: 'x' })).body.code,
    ).toBe('exchange_state');
  });

  it('records a payment the love bank refuses, and a worker may close it unpaid', async () => {
    const activeBefore = (await load(owner)).active;
    const { id } = await accepted(poor);
    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    expect((await load(owner)).active).toBe(activeBefore + 1);
    const ownerBefore = await balanceOf(owner);
    const res = await call(poor, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 60 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'disputed',
      disputeReason: 'payment_refused:points_insufficient',
    });
    const refusal = res.body.timeline.at(-1);
    expect(refusal).toMatchObject({ kind: 'payment_refused', data: { code: 'points_insufficient' } });
    expect(await balanceOf(owner)).toBe(ownerBefore);
    const job = await ctx.services.jobs.repository.byDedupeKey(id);
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
    const closed = await call(worker1, 'POST', `/api/exchanges/${id}/resolve`, {
      outcome: 'no_pay',
      note: '积分不足，协商不计分',
    });
    expect(closed.body).toMatchObject({ status: 'resolved', points: null });
    expect((await load(owner)).active).toBe(activeBefore);
  });

  it('lets a worker have the community pay when the person helped cannot', async () => {
    const { id } = await accepted(poor);
    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    const ownerBefore = await balanceOf(owner);
    const poorBefore = await balanceOf(poor);
    const refused = await call(poor, 'POST', `/api/exchanges/${id}/confirm`, { actualMinutes: 60 });
    expect(refused.body.status).toBe('disputed');
    const paid = await call(worker1, 'POST', `/api/exchanges/${id}/resolve`, {
      outcome: 'pay_by_community',
      note: '独居老人，由社区支付',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', points: 10 });
    expect(await balanceOf(owner)).toBe(ownerBefore + 10);
    expect(await balanceOf(poor)).toBe(poorBefore);
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
  });
});

describe('messages', () => {
  it('keeps markup as text, and only the parties write and read', async () => {
    const { id } = await accepted();
    const sent = await call(owner, 'POST', `/api/exchanges/${id}/messages`, {
      body: '<script>alert(1)</script> 明天见',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ body: '<script>alert(1)</script> 明天见', mine: true });
    expect((await call(stranger, 'POST', `/api/exchanges/${id}/messages`, { body: 'hi' })).status).toBe(404);
    expect((await call(worker1, 'POST', `/api/exchanges/${id}/messages`, { body: 'hi' })).body.code).toBe(
      'exchange_wrong_party',
    );
    expect((await call(asker, 'POST', `/api/exchanges/${id}/messages`, { body: '' })).body.code).toBe(
      'validation_failed',
    );
    expect(
      (await call(asker, 'POST', `/api/exchanges/${id}/messages`, { body: 'x'.repeat(1001) })).status,
    ).toBe(400);
    const detail = (await call(asker, 'GET', `/api/exchanges/${id}`)).body;
    expect(detail.messages).toEqual([
      expect.objectContaining({ body: '<script>alert(1)</script> 明天见', mine: false }),
    ]);
    expect((await call(asker, 'GET', '/api/me/notifications')).body.items[0].kind).toBe('exchange.message');
  });
});

describe('device-signed confirmation', () => {
  it('verifies the signature against the recipient’s device key and logs a co-signed statement', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
    await call(helper2, 'POST', '/api/me/device-keys', { publicKey: toBase64(raw), label: '手机' });
    const { id } = await accepted(helper2);
    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    const message = statementMessage('exchange.confirmed', canonicalJson(exchangeConfirmStatement(id, 45)));
    const good = toBase64(new Uint8Array(sign(null, message, privateKey)));
    const wrong = toBase64(
      new Uint8Array(
        sign(
          null,
          statementMessage('exchange.confirmed', canonicalJson(exchangeConfirmStatement(id, 60))),
          privateKey,
        ),
      ),
    );
    const bad = await call(helper2, 'POST', `/api/exchanges/${id}/confirm`, {
      actualMinutes: 45,
      signature: wrong,
    });
    expect(bad.body.code).toBe('invalid_signature');
    expect((await call(helper2, 'GET', `/api/exchanges/${id}`)).body.status).toBe('done');
    const ok = await call(helper2, 'POST', `/api/exchanges/${id}/confirm`, {
      actualMinutes: 45,
      signature: good,
    });
    expect(ok.body).toMatchObject({ status: 'paid', points: 8 });
    const confirmedStep = ok.body.timeline.find((e: { kind: string }) => e.kind === 'confirmed');
    expect(confirmedStep.data.signed).toBe(true);
    const cosigned = await ctx.services.trustlog.entry(confirmedStep.logIndex - 1);
    expect(cosigned.kind).toBe('exchange.confirmed');
    expect(Buffer.from(cosigned.bytes).toString('utf8')).toContain('"signatures"');
  });
});

describe('代办 and SMS', () => {
  it('lets a worker answer, and confirm for a managed resident, marked on the timeline and in the log', async () => {
    const staff: Actor = {
      kind: 'person',
      accountId: worker1.accountId,
      grants: [{ role: 'worker', divisionCode: C1 }],
    };
    const { id: residentId } = await ctx.services.proxy.register(staff, {
      nickname: '王阿姨',
      homeDivision: C1,
    });
    const resident = { accountId: residentId } as Person;
    await fund(resident, 120);
    const listingId = await offerBy(owner);
    const created = await call(worker1, 'POST', `/api/staff/managed/${residentId}/exchanges`, { listingId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'recipient', counterpartPhone: '136****0011' });
    expect(created.body.timeline[0].actedByWorker).toBe(true);
    expect(
      (await call(worker2, 'POST', `/api/staff/managed/${residentId}/exchanges`, { listingId })).status,
    ).toBe(403);
    await call(owner, 'POST', `/api/exchanges/${created.body.id}/accept`);
    await call(owner, 'POST', `/api/exchanges/${created.body.id}/done`);
    const confirmed = await call(
      worker1,
      'POST',
      `/api/staff/managed/${residentId}/exchanges/${created.body.id}/confirm`,
      {
        actualMinutes: 60,
      },
    );
    expect(confirmed.body).toMatchObject({ status: 'paid', points: 10 });
    // The worker also answers requests on the resident's own listing.
    const theirs = await insertListing(ctx.db, { ownerId: residentId, direction: 'need', divisionCode: C1 });
    const offered = await call(helper2, 'POST', '/api/exchanges', { listingId: theirs });
    expect(offered.body.counterpartPhone).toBeNull();
    const acceptedFor = await call(
      worker1,
      'POST',
      `/api/staff/managed/${residentId}/exchanges/${offered.body.id}/accept`,
    );
    expect(acceptedFor.body).toMatchObject({
      status: 'accepted',
      role: 'recipient',
      counterpartPhone: PHONES.helper2,
    });
    expect(acceptedFor.body.timeline[1].actedByWorker).toBe(true);
    const step = confirmed.body.timeline.find((e: { kind: string }) => e.kind === 'confirmed');
    expect(step.actedByWorker).toBe(true);
    const entry = await ctx.services.trustlog.entry(step.logIndex);
    expect(Buffer.from(entry.bytes).toString('utf8')).toContain('"actedBy":"p:');
  });

  it('texts those who opted in, for important steps only, naming nobody', async () => {
    expect((await call(asker, 'GET', '/api/me/notify-preferences')).body).toEqual({ sms: false });
    expect((await call(asker, 'PUT', '/api/me/notify-preferences', { sms: true })).body).toEqual({
      sms: true,
    });
    expect((await call(asker, 'GET', '/api/me/notify-preferences')).body).toEqual({ sms: true });
    expect((await call(asker, 'PUT', '/api/me/notify-preferences', { sms: 'yes' })).status).toBe(400);
    const before = (await ctx.services.auth.outbox(SYSTEM, { limit: 100, phone: PHONES.asker })).length;
    const { id } = await accepted();
    await call(owner, 'POST', `/api/exchanges/${id}/messages`, { body: '你好' });
    await call(owner, 'POST', `/api/exchanges/${id}/done`);
    const jobs = await ctx.services.jobs.repository.list({ kind: 'notify.sms', status: 'pending' });
    expect(jobs.map((j) => (j.payload as { kind: string }).kind).sort()).toEqual([
      'exchange.accepted',
      'exchange.confirm_needed',
    ]);
    while ((await ctx.services.jobs.runDue()) > 0);
    const sent = await ctx.services.auth.outbox(SYSTEM, { limit: 100, phone: PHONES.asker });
    expect(sent.length).toBe(before + 2);
    const bodies = sent.slice(0, 2).map((m) => m.body);
    expect(bodies.some((b) => b.includes('确认'))).toBe(true);
    for (const b of bodies) expect(b).not.toMatch(/邻居[0-9a-f]{4}|1360000/);
    // The owner did not opt in.
    expect(
      (await ctx.services.jobs.repository.list({ kind: 'notify.sms' })).every(
        (j) => (j.payload as { accountId: string }).accountId === asker.accountId,
      ),
    ).toBe(true);
  });
});

describe('the API document', () => {
  it('describes every exchange route', async () => {
    const doc = (await call(null, 'GET', '/api/openapi.json')).body;
    for (const path of [
      '/api/exchanges',
      '/api/exchanges/{id}',
      '/api/exchanges/{id}/accept',
      '/api/exchanges/{id}/no-show',
      '/api/exchanges/{id}/resolve',
      '/api/exchanges/{id}/messages',
      '/api/staff/exchanges',
      '/api/me/notify-preferences',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});

describe('the trust log', () => {
  it('verifies after all of the above, and the love bank balances', async () => {
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
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
