import { sha256 } from '@noble/hashes/sha2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../common/tlog/note.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';
import { databaseSource } from '../trustlog/log-sources.js';
import { verifyLog } from '../trustlog/log-verifier.js';

type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let adminA: Person;
let adminB: Person;
let worker: Person;
let giver: Person;
let relative: Person;
let stranger: Person;
let elsewhere: Person;
let C1: string;
let C2: string;
let linkId: string;
let keyCounter = 0;
const key = () => `test-key-${++keyCounter}`;

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
    raw: res,
  };
}
const balanceOf = async (p: Person) => (await call(p, 'GET', '/api/me/points')).body.balance as number;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  const communities = await ctx.services.divisions.communitiesUnder('440604');
  C1 = communities[0]!.code;
  C2 = communities.find((c) => c.code.slice(0, 9) !== C1.slice(0, 9))!.code;
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000001', 'district_admin', '440604000000');
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000002', 'district_admin', '440604000000');
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000003', 'worker', C1);
  adminA = await signInOverHttp(ctx.app, ctx.services, '13500000001');
  adminB = await signInOverHttp(ctx.app, ctx.services, '13500000002');
  worker = await signInOverHttp(ctx.app, ctx.services, '13500000003');
  giver = await signInOverHttp(ctx.app, ctx.services, '13500000011');
  relative = await signInOverHttp(ctx.app, ctx.services, '13500000012');
  stranger = await signInOverHttp(ctx.app, ctx.services, '13500000013');
  elsewhere = await signInOverHttp(ctx.app, ctx.services, '13500000014');
  for (const p of [giver, relative, stranger, adminA, adminB, worker])
    await ctx.services.privacy.updateProfile(asPerson(p), {
      homeDivision: C1,
      nickname: `n${p.accountId.slice(-4)}`,
    });
  await ctx.services.privacy.updateProfile(asPerson(elsewhere), { homeDivision: C2 });
  await ctx.services.family.request(asPerson(giver), '13500000012', 'child');
  const [link] = await ctx.services.family.list(asPerson(relative));
  await ctx.services.family.confirm(asPerson(relative), link!.id);
  linkId = link!.id;
});
afterAll(async () => {
  await ctx.drop();
});

describe('community budgets and recorded help', () => {
  it('lets only a district admin set a budget, and shows issued points against it', async () => {
    expect((await call(worker, 'PUT', `/api/points/budgets/${C1}`, { budget: 1000 })).status).toBe(403);
    expect((await call(adminA, 'PUT', `/api/points/budgets/${C1}`, { budget: -5 })).body.code).toBe(
      'points_amount_invalid',
    );
    expect((await call(adminA, 'PUT', `/api/points/budgets/${C1}`, { budget: 1000 })).status).toBe(204);
    const budgets = await call(worker, 'GET', `/api/points/budgets?division=${C1}`);
    expect(budgets.body.items).toEqual([
      expect.objectContaining({ communityCode: C1, budget: 1000, issued: 0 }),
    ]);
  });

  it('pays recorded help by the rules (10 points an hour), once per key', async () => {
    const body = {
      accountId: giver.accountId,
      minutes: 90,
      memo: '帮邻居修水龙头',
      idempotencyKey: 'help-key-1',
    };
    const first = await call(worker, 'POST', '/api/points/help-records', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'earn', amount: 15, replayed: false });
    const again = await call(worker, 'POST', '/api/points/help-records', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, logIndex: first.body.logIndex, replayed: true });
    const other = await call(worker, 'POST', '/api/points/help-records', { ...body, minutes: 60 });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await balanceOf(giver)).toBe(15);
    const budgets = await call(adminA, 'GET', `/api/points/budgets?division=${C1}`);
    expect(budgets.body.items[0]).toMatchObject({ issued: 15, remaining: 985 });
  });

  it('refuses a worker of another community, absurd minutes, and an exhausted budget', async () => {
    const other = await call(worker, 'POST', '/api/points/help-records', {
      accountId: elsewhere.accountId,
      minutes: 60,
      memo: '跨社区',
      idempotencyKey: key(),
    });
    expect(other.status).toBe(403);
    for (const minutes of [0, -30, 1.5, 100000]) {
      const bad = await call(worker, 'POST', '/api/points/help-records', {
        accountId: stranger.accountId,
        minutes,
        memo: '无效',
        idempotencyKey: key(),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('points_minutes_invalid');
    }
    await call(adminA, 'PUT', `/api/points/budgets/${C1}`, { budget: 20 });
    const over = await call(worker, 'POST', '/api/points/help-records', {
      accountId: stranger.accountId,
      minutes: 60,
      memo: '超出额度',
      idempotencyKey: key(),
    });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('points_budget_exceeded');
    expect(await balanceOf(stranger)).toBe(0);
    await call(adminA, 'PUT', `/api/points/budgets/${C1}`, { budget: 100000 });
  });
});

describe('gifts and donations', () => {
  it('refuses bad amounts, strangers and overdrafts with clear problems and no change', async () => {
    for (const amount of [0, -5, 2.5, 1e12]) {
      const res = await call(giver, 'POST', '/api/me/points/gifts', {
        familyLinkId: linkId,
        amount,
        idempotencyKey: key(),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('points_amount_invalid');
    }
    const text = await call(giver, 'POST', '/api/me/points/gifts', {
      familyLinkId: linkId,
      amount: 'five',
      idempotencyKey: key(),
    });
    expect(text.status).toBe(400);
    const notFamily = await call(stranger, 'POST', '/api/me/points/gifts', {
      familyLinkId: linkId,
      amount: 1,
      idempotencyKey: key(),
    });
    expect(notFamily.body.code).toBe('points_not_family');
    const tooMuch = await call(giver, 'POST', '/api/me/points/gifts', {
      familyLinkId: linkId,
      amount: 16,
      idempotencyKey: key(),
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ code: 'points_insufficient' });
    expect(tooMuch.body.detail).toContain('15');
    expect(await balanceOf(giver)).toBe(15);
    expect(await balanceOf(relative)).toBe(0);
    expect(
      (
        await call(null, 'POST', '/api/me/points/gifts', {
          familyLinkId: linkId,
          amount: 1,
          idempotencyKey: key(),
        })
      ).status,
    ).toBe(401);
  });

  it('gives to a confirmed family member within the monthly cap', async () => {
    const gift = await call(giver, 'POST', '/api/me/points/gifts', {
      familyLinkId: linkId,
      amount: 5,
      idempotencyKey: 'gift-key-1',
    });
    expect(gift.status).toBe(201);
    expect(await balanceOf(giver)).toBe(10);
    expect(await balanceOf(relative)).toBe(5);
    const rules = (await call(adminA, 'GET', '/api/points/rules?division=440604')).body.rules;
    expect(
      (await call(worker, 'PUT', '/api/points/rules/440604', { ...rules, giftMonthlyCap: 6 })).status,
    ).toBe(403);
    const saved = await call(adminA, 'PUT', '/api/points/rules/440604', { ...rules, giftMonthlyCap: 6 });
    expect(saved.body.version).toBe(1);
    const capped = await call(giver, 'POST', '/api/me/points/gifts', {
      familyLinkId: linkId,
      amount: 2,
      idempotencyKey: key(),
    });
    expect(capped.body).toMatchObject({ code: 'points_gift_cap' });
    const me = (await call(giver, 'GET', '/api/me/points')).body;
    expect(me).toMatchObject({ balance: 10, giftedThisMonth: 5, given: 5, received: 15 });
    await call(adminA, 'PUT', '/api/points/rules/440604', rules);
    const history = await call(giver, 'GET', '/api/points/rules/history?division=440604');
    expect(history.body.items.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  });

  it('donates to the community pool, from which a worker grants only to priority residents', async () => {
    expect(
      (await call(giver, 'POST', '/api/me/points/donations', { amount: 4, idempotencyKey: key() })).status,
    ).toBe(201);
    const notPriority = await call(worker, 'POST', '/api/points/grants', {
      accountId: stranger.accountId,
      amount: 3,
      reason: '独居老人',
      idempotencyKey: key(),
    });
    expect(notPriority.body.code).toBe('points_not_priority');
    expect(
      (await call(giver, 'PUT', `/api/points/priority/${stranger.accountId}`, { priority: 'elderly_alone' }))
        .status,
    ).toBe(403);
    expect(
      (await call(worker, 'PUT', `/api/points/priority/${stranger.accountId}`, { priority: 'elderly_alone' }))
        .status,
    ).toBe(204);
    const grant = await call(worker, 'POST', '/api/points/grants', {
      accountId: stranger.accountId,
      amount: 3,
      reason: '独居老人',
      idempotencyKey: key(),
    });
    expect(grant.status).toBe(201);
    const empty = await call(worker, 'POST', '/api/points/grants', {
      accountId: stranger.accountId,
      amount: 3,
      reason: '独居老人',
      idempotencyKey: key(),
    });
    expect(empty.body).toMatchObject({ code: 'points_pool_insufficient' });
    const list = await call(worker, 'GET', `/api/points/priority?community=${C1}`);
    expect(list.body.items).toEqual([expect.objectContaining({ accountId: stranger.accountId, balance: 3 })]);
    const lookup = await call(worker, 'GET', '/api/points/lookup?phone=13500000013');
    expect(lookup.body).toMatchObject({
      accountId: stranger.accountId,
      balance: 3,
      priority: 'elderly_alone',
    });
    expect((await call(worker, 'GET', '/api/points/lookup?phone=13500000014')).status).toBe(404);
    expect((await call(worker, 'GET', '/api/points/lookup?phone=12345')).body.code).toBe('invalid_phone');
    const toDistrict = await call(giver, 'POST', '/api/me/points/donations', {
      amount: 1,
      communityCode: '440604000000',
      idempotencyKey: key(),
    });
    expect(toDistrict.body.code).toBe('points_community_required');
  });

  it('sends earnings above the storage cap to the community pool when the rules say so', async () => {
    const rules = (await call(adminA, 'GET', '/api/points/rules?division=440604')).body.rules;
    await call(adminA, 'PUT', '/api/points/rules/440604', { ...rules, storageCap: 20, aboveCap: 'to_pool' });
    const before = await balanceOf(relative);
    const poolBefore = (await call(worker, 'GET', `/api/points/budgets?division=${C1}`)).body.items[0].pool;
    const earned = await call(worker, 'POST', '/api/points/help-records', {
      accountId: relative.accountId,
      minutes: 120,
      memo: '陪老人就医',
      idempotencyKey: key(),
    });
    expect(earned.body.amount).toBe(20);
    expect(await balanceOf(relative)).toBe(20);
    const budgets = await call(worker, 'GET', `/api/points/budgets?division=${C1}`);
    expect(budgets.body.items[0].pool).toBe(poolBefore + before);
    await call(adminA, 'PUT', '/api/points/rules/440604', { ...rules, storageCap: 20, aboveCap: 'refuse' });
    const refused = await call(worker, 'POST', '/api/points/help-records', {
      accountId: relative.accountId,
      minutes: 60,
      memo: '再次服务',
      idempotencyKey: key(),
    });
    expect(refused.body).toMatchObject({ code: 'points_storage_cap' });
    await call(adminA, 'PUT', '/api/points/rules/440604', rules);
  });
});

describe('adjustments and reversals', () => {
  it('posts small adjustments at once and holds large ones for a second admin', async () => {
    const small = await call(adminA, 'POST', '/api/points/adjustments', {
      accountId: relative.accountId,
      amount: -5,
      reason: '重复记录',
      idempotencyKey: key(),
    });
    expect(small.body).toMatchObject({ status: 'executed', amount: -5 });
    expect(await balanceOf(relative)).toBe(15);
    const large = await call(adminA, 'POST', '/api/points/adjustments', {
      accountId: giver.accountId,
      amount: 500,
      reason: '补记去年活动',
      idempotencyKey: 'adj-large-1',
    });
    expect(large.body.status).toBe('pending');
    expect((await call(adminA, 'POST', `/api/points/adjustments/${large.body.id}/approve`)).body.code).toBe(
      'points_second_admin_required',
    );
    expect((await call(worker, 'POST', `/api/points/adjustments/${large.body.id}/approve`)).status).toBe(404);
    const approved = await call(adminB, 'POST', `/api/points/adjustments/${large.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'executed' });
    expect((await call(adminB, 'POST', `/api/points/adjustments/${large.body.id}/approve`)).body.code).toBe(
      'points_adjustment_decided',
    );
    expect(await balanceOf(giver)).toBe(506);
    const pending = await call(adminB, 'GET', '/api/points/adjustments?division=440604&status=pending');
    expect(pending.body.items).toEqual([]);
  });

  it('needs an explicit override to go past a limit, and flags the account', async () => {
    const body = { accountId: stranger.accountId, amount: -50, reason: '误发', idempotencyKey: key() };
    const refused = await call(adminA, 'POST', '/api/points/adjustments', body);
    expect(refused.body.code).toBe('points_override_required');
    expect(await balanceOf(stranger)).toBe(3);
    const forced = await call(adminA, 'POST', '/api/points/adjustments', {
      ...body,
      override: true,
      idempotencyKey: key(),
    });
    expect(forced.body.status).toBe('executed');
    const me = (await call(stranger, 'GET', '/api/me/points')).body;
    expect(me).toMatchObject({ balance: -47, flagged: true });
  });

  it('reverses a transfer once, and never a reversal', async () => {
    const statement = (await call(relative, 'GET', '/api/me/points/statement?type=gift')).body.items;
    const gift = statement[0];
    expect(gift).toMatchObject({ amount: 5, type: 'gift', reversed: false });
    const reversal = await call(adminB, 'POST', `/api/points/transfers/${gift.transferId}/reverse`, {
      reason: '家人误操作',
      idempotencyKey: key(),
    });
    expect(reversal.status).toBe(201);
    expect(await balanceOf(relative)).toBe(10);
    const twice = await call(adminB, 'POST', `/api/points/transfers/${gift.transferId}/reverse`, {
      reason: '家人误操作',
      idempotencyKey: key(),
    });
    expect(twice.body.code).toBe('points_already_reversed');
    const ofReversal = await call(adminB, 'POST', `/api/points/transfers/${reversal.body.id}/reverse`, {
      reason: '再冲',
      idempotencyKey: key(),
    });
    expect(ofReversal.body.code).toBe('points_not_reversible');
    expect(
      (
        await call(worker, 'POST', `/api/points/transfers/${gift.transferId}/reverse`, {
          reason: 'x1',
          idempotencyKey: key(),
        })
      ).status,
    ).toBe(404);
  });
});

describe('statements', () => {
  it('names the other side, links each line to a receipt, pages and filters', async () => {
    const all = (await call(giver, 'GET', '/api/me/points/statement?limit=2')).body;
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).not.toBeNull();
    const rest = (await call(giver, 'GET', `/api/me/points/statement?cursor=${all.nextCursor}&limit=100`))
      .body;
    const lines = [...all.items, ...rest.items];
    expect(lines.map((l: { type: string }) => l.type).sort()).toEqual(
      ['adjustment', 'donation', 'earn', 'gift', 'reversal'].sort(),
    );
    const gift = lines.find((l: { type: string }) => l.type === 'gift');
    expect(gift.counterparty).toBe(`n${relative.accountId.slice(-4)}`);
    const receipt = await call(null, 'GET', `/api/log/receipt/${gift.logIndex}`);
    expect(receipt.status).toBe(200);
    const incoming = (await call(giver, 'GET', '/api/me/points/statement?direction=in')).body.items;
    expect(incoming.every((l: { amount: number }) => l.amount > 0)).toBe(true);
    expect((await call(giver, 'GET', '/api/me/points/statement?from=10&to=5')).body.code).toBe(
      'invalid_period',
    );
  });

  it('downloads CSV and a monthly statement whose totals add up', async () => {
    const csv = await ctx.app.inject({
      url: '/api/me/points/statement.csv',
      headers: { ...giver.headers, 'accept-language': 'en' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFDate,Type,Counterparty')).toBe(true);
    expect(csv.body).toContain('Family gift');
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const monthly = (await call(giver, 'GET', `/api/me/points/statements/${month}`)).body;
    expect(monthly.opening).toBe(0);
    expect(monthly.closing).toBe(await balanceOf(giver));
    expect(monthly.closing).toBe(monthly.opening + monthly.received - monthly.given);
    expect((await call(giver, 'GET', '/api/me/points/statements/2026-13')).body.code).toBe('invalid_period');
  });
});

describe('invariants', () => {
  it('hold after all of the above, and the trust log verifies', async () => {
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    const keyText = (await ctx.services.trustlog.info()).verifierKey;
    expect(
      (await verifyLog(databaseSource(ctx.db), { log: parseVerifierKey(sha256, keyText), witnesses: [] })).ok,
    ).toBe(true);
  });

  it('expires points oldest first when the rules set an expiry, once per day', async () => {
    const rules = (await call(adminA, 'GET', '/api/points/rules?division=440604')).body.rules;
    await call(adminA, 'PUT', '/api/points/rules/440604', { ...rules, expiryMonths: 12 });
    const later = Date.now() + 400 * 86_400_000;
    const result = await ctx.services.points.expire(SYSTEM, later);
    expect(result.accounts).toBeGreaterThan(0);
    expect(await balanceOf(giver)).toBe(0);
    expect((await ctx.services.points.expire(SYSTEM, later)).accounts).toBe(0);
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
    await call(adminA, 'PUT', '/api/points/rules/440604', rules);
  });
});

describe('the monthly gift cap under concurrency', () => {
  it('lets exactly as many concurrent gifts through as the cap allows', async () => {
    const rules = (await call(adminA, 'GET', '/api/points/rules?division=440604')).body.rules;
    await call(adminA, 'POST', '/api/points/adjustments', {
      accountId: relative.accountId,
      amount: 20,
      reason: '测试赠送上限',
      idempotencyKey: key(),
    });
    const before = (await call(relative, 'GET', '/api/me/points')).body.giftedThisMonth as number;
    await call(adminA, 'PUT', '/api/points/rules/440604', { ...rules, giftMonthlyCap: before + 3 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(relative, 'POST', '/api/me/points/gifts', {
          familyLinkId: linkId,
          amount: 1,
          idempotencyKey: key(),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.body.code === 'points_gift_cap')).toHaveLength(5);
    expect((await call(relative, 'GET', '/api/me/points')).body.giftedThisMonth).toBe(before + 3);
    await call(adminA, 'PUT', '/api/points/rules/440604', rules);
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
  });
});

describe('a resident’s own credit limit', () => {
  it('is set by a district admin only, shown to the resident, and returns to the default', async () => {
    const url = `/api/points/accounts/${giver.accountId}/credit-limit`;
    expect((await call(worker, 'PUT', url, { creditLimit: 50 })).status).toBe(403);
    for (const bad of [-1, 2.5, 1e9])
      expect((await call(adminA, 'PUT', url, { creditLimit: bad })).body.code).toBe('points_amount_invalid');
    expect(
      (await call(adminA, 'PUT', `/api/points/accounts/nobody/credit-limit`, { creditLimit: 5 })).status,
    ).toBe(404);
    expect((await call(adminA, 'PUT', url, { creditLimit: 50 })).status).toBe(204);
    const mine = (await call(giver, 'GET', '/api/me/points')).body;
    expect(mine).toMatchObject({ creditLimit: 50, available: mine.balance + 50 });
    const seen = await call(worker, 'GET', '/api/points/lookup?phone=13500000011');
    expect(seen.body.creditLimit).toBe(50);
    expect((await call(adminA, 'PUT', url, { creditLimit: null })).status).toBe(204);
    expect((await call(giver, 'GET', '/api/me/points')).body.creditLimit).toBe(0);
  });
});
