import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemInput } from '../../../common/schemas/huts.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { AppError } from '../../errors.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';
import { localDate } from './hut-calendar.js';

let ctx: TestContext;
let C1: string;
let C2: string;
let OTHER_DISTRICT: string;
let worker: Actor;
let keeper: Actor;
let phoneCounter = 0;
const ALL_WEEK = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['08:00', '20:00']]]),
) as Record<string, [string, string][]>;

interface Member {
  actor: Actor;
  id: string;
  code: string;
}

async function member(home = C1): Promise<Member> {
  const phone = `1370000${String(++phoneCounter).padStart(4, '0')}`;
  const { accountId } = await ctx.services.accounts.ensureAccount(SYSTEM, phone);
  const actor: Actor = { kind: 'person', accountId, grants: [] };
  await ctx.services.privacy.updateProfile(actor, { homeDivision: home, nickname: `邻居${phoneCounter}` });
  return { actor, id: accountId, code: await ctx.services.huts.memberCode(actor) };
}

async function staff(role: 'worker' | 'hut_keeper' | 'district_admin', division: string): Promise<Actor> {
  const phone = `1360000${String(++phoneCounter).padStart(4, '0')}`;
  const { accountId } = await ctx.services.accounts.ensureAccount(SYSTEM, phone);
  await ctx.services.privacy.updateProfile({ kind: 'person', accountId, grants: [] }, { homeDivision: C1 });
  return { kind: 'person', accountId, grants: [{ role, divisionCode: division }] };
}

async function problem(
  promise: Promise<unknown>,
): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a problem');
}

async function newHut(community = C1) {
  return ctx.services.huts.createHut(worker, {
    communityCode: community,
    name: `共享小屋${++phoneCounter}`,
    address: '社区服务中心一楼',
    hours: ALL_WEEK,
  });
}

const item = (over: Partial<ItemInput> = {}): ItemInput => ({
  title: '冲击钻',
  category: 'tools',
  condition: 'good',
  units: 1,
  ...over,
});

beforeAll(async () => {
  ctx = await createTestApp(['440604', '110105009']);
  const communities = await ctx.services.divisions.communitiesUnder('440604');
  C1 = communities[0]!.code;
  C2 = communities[1]!.code;
  OTHER_DISTRICT = (await ctx.services.divisions.communitiesUnder('110105009'))[0]!.code;
  worker = await staff('worker', C1);
  keeper = await staff('hut_keeper', C1);
});
afterAll(async () => {
  await ctx.drop();
});

describe('huts', () => {
  it('are opened by community staff, with valid hours, and listed per community or district', async () => {
    const resident = await member();
    expect(
      (
        await problem(
          ctx.services.huts.createHut(resident.actor, {
            communityCode: C1,
            name: 'x',
            address: 'y',
            hours: {},
          }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await problem(
          ctx.services.huts.createHut(worker, {
            communityCode: C1,
            name: 'x',
            address: 'y',
            hours: { '1': [['12:00', '09:00']] },
          }),
        )
      ).code,
    ).toBe('hut_hours_invalid');
    expect(
      (
        await problem(
          ctx.services.huts.createHut(worker, { communityCode: C2, name: 'x', address: 'y', hours: {} }),
        )
      ).code,
    ).toBe('forbidden');
    const hut = await newHut();
    expect(hut).toMatchObject({ communityCode: C1, openToday: true, abilities: { keep: true } });
    const inCommunity = await ctx.services.huts.huts(resident.actor, C1);
    expect(inCommunity.map((h) => h.id)).toContain(hut.id);
    expect(inCommunity.find((h) => h.id === hut.id)!.abilities.keep).toBe(false);
    const inDistrict = await ctx.services.huts.huts(resident.actor, '440604000000');
    expect(inDistrict.map((h) => h.id)).toContain(hut.id);
  });
});

describe('catalogue', () => {
  it('finds items by Chinese words, single characters, category and availability', async () => {
    const hut = await newHut();
    await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '电子血压计', category: 'medical', sanitiseAfterReturn: true }),
    );
    await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '折叠轮椅', category: 'mobility', description: '送坐垫' }),
    );
    await ctx.services.huts.addItem(keeper, hut.id, item({ title: '羊角锤', category: 'tools', units: 0 }));
    const search = (q: Record<string, unknown>) =>
      ctx.services.huts.search(SYSTEM, { hut: hut.id, ...q }).then((p) => p.items.map((i) => i.title));
    expect(await search({ q: '血压' })).toEqual(['电子血压计']);
    // A card needs nothing more than the summary: condition, handling, deposit, the queue.
    const [card] = (await ctx.services.huts.search(SYSTEM, { hut: hut.id, q: '血压计' })).items;
    expect(card).toMatchObject({
      condition: expect.any(String),
      sanitiseAfterReturn: true,
      safetyCheck: false,
      consumable: false,
      waiting: 0,
    });
    expect(await search({ q: '血压计' })).toEqual(['电子血压计']);
    expect(await search({ q: '锤' })).toEqual(['羊角锤']);
    expect(await search({ q: '坐垫' })).toEqual(['折叠轮椅']);
    expect(await search({ category: 'mobility' })).toEqual(['折叠轮椅']);
    expect((await search({ available: true })).sort()).toEqual(['折叠轮椅', '电子血压计'].sort());
    expect(await search({ q: '没有这种东西' })).toEqual([]);
    // 烤箱 is not one of 电烤箱's dictionary words: its characters are, so it is still found;
    // district-wide too (no title scan there).
    await ctx.services.huts.addItem(keeper, hut.id, item({ title: '电烤箱', category: 'kitchen' }));
    expect(await search({ q: '烤箱' })).toEqual(['电烤箱']);
    const wide = await ctx.services.huts.search(SYSTEM, { community: '440604000000', q: '烤箱', limit: 100 });
    expect(wide.items.map((i) => i.title)).toContain('电烤箱');
    expect(await search({ q: '梯子' })).toEqual([]);
    const page = await ctx.services.huts.search(SYSTEM, { hut: hut.id, limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await ctx.services.huts.search(SYSTEM, { hut: hut.id, limit: 2, cursor: page.cursor! });
    expect(next.items).toHaveLength(2);
    expect((await problem(ctx.services.huts.search(SYSTEM, { cursor: 'garbage' }))).code).toBe('bad_request');
    // Text the index does not know (part of a model number): the title fallback, paged too.
    await ctx.services.huts.addItem(keeper, hut.id, item({ title: '充电宝XQ-100' }));
    await ctx.services.huts.addItem(keeper, hut.id, item({ title: '充电宝XQ-200' }));
    const first = await ctx.services.huts.search(SYSTEM, { hut: hut.id, q: 'Q-', limit: 1 });
    expect(first.cursor).toMatch(/^l/);
    const second = await ctx.services.huts.search(SYSTEM, {
      hut: hut.id,
      q: 'Q-',
      limit: 1,
      cursor: first.cursor!,
    });
    expect([...first.items, ...second.items].map((i) => i.title).sort()).toEqual([
      '充电宝XQ-100',
      '充电宝XQ-200',
    ]);
    expect(second.cursor).toBeNull();
  });

  it('lets only keepers add hut items, and residents list their own', async () => {
    const hut = await newHut();
    const resident = await member();
    expect((await problem(ctx.services.huts.addItem(resident.actor, hut.id, item()))).code).toBe('forbidden');
    const own = await ctx.services.huts.offerItem(
      resident.actor,
      hut.id,
      item({ title: '工具箱', units: 5 }),
    );
    expect(own).toMatchObject({
      ownerKind: 'resident',
      units: [expect.objectContaining({ status: 'available' })],
    });
    expect(own.units).toHaveLength(1);
    const far = await member(OTHER_DISTRICT);
    expect((await problem(ctx.services.huts.offerItem(far.actor, hut.id, item()))).code).toBe(
      'hut_other_district',
    );
  });
});

describe('holds and the desk', () => {
  it('runs a fair queue: ready at once when free, first in line next, clear problems for every bad step', async () => {
    const hut = await newHut();
    const drill = await ctx.services.huts.addItem(keeper, hut.id, item({ safetyCheck: false }));
    const label = drill.units[0]!.label;
    const a = await member();
    const b = await member();

    const holdA = await ctx.services.huts.placeHold(a.actor, drill.id);
    expect(holdA).toMatchObject({ status: 'ready', unitLabel: label, place: 0 });
    expect(holdA.pickupBy! >= localDate(Date.now())).toBe(true);
    const holdB = await ctx.services.huts.placeHold(b.actor, drill.id);
    expect(holdB).toMatchObject({ status: 'waiting', place: 1 });
    expect((await problem(ctx.services.huts.placeHold(b.actor, drill.id))).code).toBe('hut_already_held');

    // B cannot take the copy kept for A.
    expect(
      (await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: b.code, label }))).code,
    ).toBe('hut_unit_held');
    expect(
      (await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: 'LMNOSUCHCODE', label }))).code,
    ).toBe('hut_member_unknown');
    expect(
      (await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: a.code, label: 'LLNOSUCH' })))
        .code,
    ).toBe('hut_label_unknown');
    expect(
      (await problem(ctx.services.huts.checkout(a.actor, hut.id, { memberCode: a.code, label }))).code,
    ).toBe('forbidden');

    const loan = await ctx.services.huts.checkout(keeper, hut.id, { memberCode: a.code, label });
    expect(loan).toMatchObject({ status: 'active', unitLabel: label, kind: 'desk', renewals: 0 });
    expect(loan.dueDate! > localDate(Date.now())).toBe(true);
    expect((await ctx.services.huts.myHolds(a.actor)).map((h) => h.id)).not.toContain(holdA.id);

    // Checking out a copy on loan: a problem, nothing changes.
    const again = await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: b.code, label }));
    expect(again).toEqual({ code: 'hut_unit_unavailable', details: { status: 'on_loan' } });
    const c = await member();
    expect(await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: c.code, label }))).toEqual({
      code: 'hut_unit_unavailable',
      details: { status: 'on_loan' },
    });
    // Holding what you have; renewing while someone waits (and told how many).
    expect((await problem(ctx.services.huts.placeHold(a.actor, drill.id))).code).toBe('hut_already_borrowed');
    expect(await problem(ctx.services.huts.renew(a.actor, loan.id))).toEqual({
      code: 'hut_renewal_queue',
      details: { waiting: 1 },
    });
    expect((await problem(ctx.services.huts.renew(b.actor, loan.id))).code).toBe('hut_loan_not_found');
    // Retiring an item on loan.
    expect((await problem(ctx.services.huts.retireItem(keeper, drill.id, '旧了'))).code).toBe(
      'hut_item_on_loan',
    );
    expect((await problem(ctx.services.huts.retireUnit(keeper, drill.units[0]!.id, '旧了'))).code).toBe(
      'hut_item_on_loan',
    );
    expect((await ctx.services.huts.item(keeper, drill.id)).units[0]!.status).toBe('on_loan');

    // Return: the copy goes straight to B, first in line.
    const returned = await ctx.services.huts.returnLoan(keeper, hut.id, { label, condition: 'good' });
    expect(returned).toMatchObject({
      unitStatus: 'available',
      readyForHold: holdB.id,
      loan: { status: 'returned' },
    });
    expect(
      (await problem(ctx.services.huts.returnLoan(keeper, hut.id, { label, condition: 'good' }))).code,
    ).toBe('hut_not_on_loan');
    expect(
      (await problem(ctx.services.huts.returnLoan(keeper, hut.id, { loanId: loan.id, condition: 'good' })))
        .code,
    ).toBe('hut_not_on_loan');
    const [bHold] = await ctx.services.huts.myHolds(b.actor);
    expect(bHold).toMatchObject({ status: 'ready', unitLabel: label });
    // The desk's scans: the member (nickname, ready holds here) and the label (kept for B).
    const deskB = await ctx.services.huts.deskMember(keeper, hut.id, b.code);
    expect(deskB).toMatchObject({
      nickname: expect.stringMatching(/^邻居/),
      memberKind: 'phone',
      openLoans: 0,
    });
    expect(deskB.readyHolds.map((h) => h.unitLabel)).toEqual([label]);
    const deskUnit = await ctx.services.huts.deskUnit(keeper, hut.id, label.toLowerCase());
    expect(deskUnit).toMatchObject({
      unit: { status: 'on_hold' },
      loan: null,
      readyHold: { holdId: holdB.id },
    });
    expect((await problem(ctx.services.huts.deskUnit(keeper, hut.id, 'LLNOSUCH'))).code).toBe(
      'hut_label_unknown',
    );
    expect((await problem(ctx.services.huts.deskMember(b.actor, hut.id, b.code))).code).toBe('forbidden');
    expect((await ctx.services.huts.checkout(keeper, hut.id, { memberCode: b.code, label })).status).toBe(
      'active',
    );

    const history = await ctx.services.huts.history(keeper, drill.id);
    expect(history.items.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['added', 'hold_placed', 'hold_ready', 'checked_out', 'returned']),
    );
    expect(history.items.find((e) => e.kind === 'checked_out')!.logIndex).toEqual(expect.any(Number));
  });

  it('gives the last copy to exactly one of two members at once (desk, holds and pooled stock)', async () => {
    const hut = await newHut();
    const one = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '梯子' }));
    const [a, b] = [await member(), await member()];
    const results = await Promise.allSettled([
      ctx.services.huts.checkout(keeper, hut.id, { memberCode: a.code, label: one.units[0]!.label }),
      ctx.services.huts.checkout(keeper, hut.id, { memberCode: b.code, label: one.units[0]!.label }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(AppError);
    expect(['hut_unit_unavailable', 'hut_unit_held']).toContain((lost.reason as AppError).code);

    const two = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '婴儿推车' }));
    const holds = await Promise.all([
      ctx.services.huts.placeHold(a.actor, two.id),
      ctx.services.huts.placeHold(b.actor, two.id),
    ]);
    expect(holds.map((h) => h.status).sort()).toEqual(['ready', 'waiting']);

    const pooled = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '折叠椅', pooled: true, stock: 1, units: 0 }),
    );
    const takes = await Promise.allSettled([
      ctx.services.huts.checkout(keeper, hut.id, { memberCode: a.code, itemId: pooled.id }),
      ctx.services.huts.checkout(keeper, hut.id, { memberCode: b.code, itemId: pooled.id }),
    ]);
    expect(takes.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      ((takes.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as AppError).code,
    ).toBe('hut_out_of_stock');
    expect((await ctx.services.huts.item(keeper, pooled.id)).stockAvailable).toBe(0);
  });

  it('sends medical devices to sanitising and tools to the safety check after return', async () => {
    const hut = await newHut();
    const meter = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '血糖仪', category: 'medical', sanitiseAfterReturn: true }),
    );
    const saw = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '电锯', safetyCheck: true }));
    const m = await member();
    for (const [it, next] of [
      [meter, 'sanitising'],
      [saw, 'maintenance'],
    ] as const) {
      const label = it.units[0]!.label;
      await ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label });
      const back = await ctx.services.huts.returnLoan(keeper, hut.id, { label, condition: 'good' });
      expect(back.unitStatus).toBe(next);
      expect(
        (await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label }))).details,
      ).toEqual({
        status: next,
      });
      const ready = await ctx.services.huts.unitReady(keeper, it.units[0]!.id, { note: '已消毒/已检查' });
      expect(ready.units[0]!.status).toBe('available');
      expect((await problem(ctx.services.huts.unitReady(keeper, it.units[0]!.id, {}))).code).toBe(
        'hut_unit_not_waiting',
      );
    }
    // A damaged return goes to maintenance whatever the item.
    const label = meter.units[0]!.label;
    await ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label });
    const damaged = await ctx.services.huts.returnLoan(keeper, hut.id, {
      label,
      condition: 'damaged',
      note: '屏幕裂了',
    });
    expect(damaged).toMatchObject({ unitStatus: 'maintenance', loan: { damage: 'damaged' } });
  });

  it('renews by the policy, resolved from the most specific rule', async () => {
    const hut = await newHut();
    const admin = await staff('district_admin', '440604000000');
    expect(
      (
        await problem(
          ctx.services.huts.setPolicy(worker, {
            districtCode: '440604',
            policy: {
              loanDays: 7,
              maxRenewals: 1,
              maxLoans: 3,
              maxHolds: 1,
              pickupDays: 2,
              depositPoints: 0,
              needsApproval: false,
            },
          }),
        )
      ).code,
    ).toBe('forbidden');
    await ctx.services.huts.setPolicy(admin, {
      districtCode: '440604',
      hutId: hut.id,
      category: 'books',
      policy: {
        loanDays: 7,
        maxRenewals: 1,
        maxLoans: 3,
        maxHolds: 1,
        pickupDays: 2,
        depositPoints: 0,
        needsApproval: false,
      },
    });
    const book = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '三体', category: 'books' }));
    const other = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '围城', category: 'books' }));
    const m = await member();
    expect(await ctx.services.huts.resolvedPolicy(m.actor, book.id)).toMatchObject({
      source: 'hut+category:books',
      policy: { loanDays: 7, maxRenewals: 1 },
    });
    const loan = await ctx.services.huts.checkout(keeper, hut.id, {
      memberCode: m.code,
      label: book.units[0]!.label,
    });
    const renewed = await ctx.services.huts.renew(m.actor, loan.id);
    expect(renewed.renewals).toBe(1);
    expect(renewed.dueDate! > loan.dueDate!).toBe(true);
    expect(await problem(ctx.services.huts.renew(m.actor, loan.id))).toEqual({
      code: 'hut_renewal_limit',
      details: { max: 1 },
    });
    // Hold limit 1: a second hold is refused with the limit.
    const third = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '活着', category: 'books' }));
    await ctx.services.huts.placeHold(m.actor, other.id);
    expect(await problem(ctx.services.huts.placeHold(m.actor, third.id))).toEqual({
      code: 'hut_hold_limit',
      details: { max: 1 },
    });
  });

  it('expires uncollected holds and passes the copy on; a closure moves due dates', async () => {
    const hut = await newHut();
    const toy = await ctx.services.huts.addItem(keeper, hut.id, item({ title: '积木', category: 'toys' }));
    const [a, b] = [await member(), await member()];
    const ready = await ctx.services.huts.placeHold(a.actor, toy.id);
    await ctx.services.huts.placeHold(b.actor, toy.id);
    expect(await ctx.services.huts.expireHolds(Date.now())).toBe(0);
    const later = Date.parse(`${ready.pickupBy}T12:00:00+08:00`) + 86_400_000;
    expect(await ctx.services.huts.expireHolds(later)).toBeGreaterThanOrEqual(1);
    expect((await ctx.services.huts.myHolds(a.actor)).find((h) => h.id === ready.id)).toBeUndefined();
    expect((await ctx.services.huts.myHolds(b.actor))[0]).toMatchObject({
      status: 'ready',
      unitLabel: toy.units[0]!.label,
    });

    const loan = await ctx.services.huts.checkout(keeper, hut.id, {
      memberCode: b.code,
      label: toy.units[0]!.label,
    });
    expect(
      (await problem(ctx.services.huts.addClosure(keeper, hut.id, { date: '2026-02-30', reason: '春节' })))
        .code,
    ).toBe('hut_date_invalid');
    await ctx.services.huts.addClosure(keeper, hut.id, { date: loan.dueDate!, reason: '社区活动' });
    const moved = await ctx.services.huts.loan(b.actor, loan.id);
    expect(moved.dueDate! > loan.dueDate!).toBe(true);
    // Reminders for the jobs runner: due soon or overdue, once a day.
    const dueTime = Date.parse(`${moved.dueDate}T09:00:00+08:00`);
    expect(await ctx.services.huts.remindDue(dueTime)).toBeGreaterThanOrEqual(1);
    expect(await ctx.services.huts.remindDue(dueTime + 60_000)).toBe(0);
  });

  it('lets staff reorder the queue with a reason, and members cancel', async () => {
    const hut = await newHut();
    const chair = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '轮椅', category: 'mobility', units: 0 }),
    );
    const [a, b, c] = [await member(), await member(), await member()];
    const ha = await ctx.services.huts.placeHold(a.actor, chair.id);
    const hb = await ctx.services.huts.placeHold(b.actor, chair.id);
    const hc = await ctx.services.huts.placeHold(c.actor, chair.id);
    expect([ha.place, hb.place, hc.place]).toEqual([1, 2, 3]);
    expect(
      (await problem(ctx.services.huts.reorderHold(a.actor, hc.id, { place: 1, reason: '术后急需' }))).code,
    ).toBe('forbidden');
    const moved = await ctx.services.huts.reorderHold(worker, hc.id, { place: 1, reason: '术后急需' });
    expect(moved).toMatchObject({ place: 1, reorderReason: '术后急需' });
    const queue = await ctx.services.huts.queue(keeper, chair.id);
    expect(queue.items.map((q) => q.holdId)).toEqual([hc.id, ha.id, hb.id]);
    expect((await ctx.services.huts.cancelHold(a.actor, ha.id)).status).toBe('cancelled');
    expect((await problem(ctx.services.huts.cancelHold(a.actor, ha.id))).code).toBe('hut_hold_state');
    expect((await problem(ctx.services.huts.cancelHold(c.actor, hb.id))).code).toBe('hut_hold_not_found');
  });
});

describe('approval', () => {
  it('makes holds wait for staff when the policy needs approval, and refuses a walk-in check-out', async () => {
    const hut = await newHut();
    const admin = await staff('district_admin', '440604000000');
    await ctx.services.huts.setPolicy(admin, {
      districtCode: '440604',
      hutId: hut.id,
      category: 'oxygen',
      policy: {
        loanDays: 30,
        maxRenewals: 0,
        maxLoans: 1,
        maxHolds: 2,
        pickupDays: 2,
        depositPoints: 0,
        needsApproval: true,
      },
    });
    const concentrator = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '制氧机', category: 'oxygen' }),
    );
    const label = concentrator.units[0]!.label;
    const m = await member();
    expect(
      (await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label }))).code,
    ).toBe('hut_needs_approval');
    const hold = await ctx.services.huts.placeHold(m.actor, concentrator.id);
    expect(hold).toMatchObject({ status: 'waiting', approved: false, place: 1 });
    expect(
      (await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label }))).code,
    ).toBe('hut_needs_approval');
    expect((await problem(ctx.services.huts.approveHold(m.actor, hold.id))).code).toBe('forbidden');
    const approved = await ctx.services.huts.approveHold(worker, hold.id);
    expect(approved).toMatchObject({ status: 'ready', approved: true, unitLabel: label });
    expect((await problem(ctx.services.huts.approveHold(worker, hold.id))).code).toBe('hut_hold_state');
    expect((await ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label })).status).toBe(
      'active',
    );
  });
});

describe('neighbour loans', () => {
  it('lends a resident toolbox: request with a fixed return time, accept, both confirm out and back', async () => {
    const hut = await newHut();
    const owner = await member();
    const newcomer = await member();
    const box = await ctx.services.huts.offerItem(
      owner.actor,
      hut.id,
      item({ title: '工具箱', description: '锤子、螺丝刀、扳手' }),
    );
    const returnBy = Date.now() + 3 * 86_400_000;
    expect((await problem(ctx.services.huts.requestLoan(owner.actor, box.id, { returnBy }))).code).toBe(
      'hut_own_item',
    );
    expect(
      (await problem(ctx.services.huts.requestLoan(newcomer.actor, box.id, { returnBy: Date.now() - 1 })))
        .code,
    ).toBe('hut_return_time_invalid');
    expect((await problem(ctx.services.huts.placeHold(newcomer.actor, box.id))).code).toBe(
      'hut_item_not_found',
    );
    const req = await ctx.services.huts.requestLoan(newcomer.actor, box.id, {
      returnBy,
      note: '刚搬来，装柜子',
    });
    expect(req).toMatchObject({ status: 'requested', kind: 'neighbour', returnBy });
    expect((await problem(ctx.services.huts.requestLoan(newcomer.actor, box.id, { returnBy }))).code).toBe(
      'hut_already_borrowed',
    );
    expect((await problem(ctx.services.huts.acceptLoan(newcomer.actor, req.id))).code).toBe(
      'exchange_wrong_party',
    );
    expect((await ctx.services.huts.acceptLoan(owner.actor, req.id)).status).toBe('accepted');
    expect((await problem(ctx.services.huts.acceptLoan(owner.actor, req.id))).code).toBe('hut_loan_state');
    const half = await ctx.services.huts.confirmHandover(owner.actor, req.id, { condition: 'good' });
    expect(half).toMatchObject({
      status: 'accepted',
      confirmations: { lenderOut: true, borrowerOut: false },
    });
    const out = await ctx.services.huts.confirmHandover(newcomer.actor, req.id, { condition: 'good' });
    expect(out.status).toBe('active');
    expect((await ctx.services.huts.myLoans(owner.actor)).map((l) => l.id)).toContain(req.id);
    await ctx.services.huts.confirmReturn(newcomer.actor, req.id, { condition: 'good' });
    const back = await ctx.services.huts.confirmReturn(owner.actor, req.id, { condition: 'good' });
    expect(back).toMatchObject({
      status: 'returned',
      confirmations: { lenderBack: true, borrowerBack: true },
    });
    expect(
      (await problem(ctx.services.huts.confirmReturn(owner.actor, req.id, { condition: 'good' }))).code,
    ).toBe('hut_not_on_loan');
    expect((await ctx.services.huts.item(owner.actor, box.id)).units[0]!.status).toBe('available');
    // Back: lender and borrower are invited to review each other, and the loan is on the
    // borrower's credit record, returned on time, backed by the log entry of the return.
    for (const who of [owner, newcomer]) {
      const pending = await ctx.services.reviews.pending(who.actor);
      expect(pending.items.map((p) => [p.subjectKind, p.subjectId])).toContainEqual(['loan', req.id]);
    }
    const record = await ctx.services.reputation.creditRecord(newcomer.actor, newcomer.id);
    const figure = (key: string) => record.figures.find((f) => f.key === key);
    expect(figure('loans')).toMatchObject({ value: 1, entries: 1 });
    expect(figure('loans')!.logIndexes).toHaveLength(1);
    expect(figure('loan_on_time_rate')!.value).toBe(1);
    const stranger = await member();
    expect((await problem(ctx.services.huts.loan(stranger.actor, req.id))).code).toBe('hut_loan_not_found');
  });
});

describe('neighbour deposits', () => {
  it("holds the lender's deposit when the loan starts and, kept for damage, pays it to the lender", async () => {
    const hut = await newHut();
    const [owner, borrower] = [await member(), await member()];
    const drill = await ctx.services.huts.offerItem(
      owner.actor,
      hut.id,
      item({ title: '电锤', depositPoints: 10 }),
    );
    const balance = async (m: Member) => (await ctx.services.points.balance(m.actor)).balance;
    const req = await ctx.services.huts.requestLoan(borrower.actor, drill.id, {
      returnBy: Date.now() + 86_400_000,
    });
    await ctx.services.huts.acceptLoan(owner.actor, req.id);
    await ctx.services.huts.confirmHandover(owner.actor, req.id, { condition: 'good' });
    // Not enough points: the loan does not start, and nothing changed.
    expect(
      (await problem(ctx.services.huts.confirmHandover(borrower.actor, req.id, { condition: 'good' }))).code,
    ).toBe('points_insufficient');
    expect((await ctx.services.huts.loan(borrower.actor, req.id)).status).toBe('accepted');
    await ctx.services.points.setBudget(SYSTEM, C1, 100_000);
    await ctx.services.points.settleHelp({
      providerId: borrower.id,
      recipientId: null,
      communityCode: C1,
      minutes: 60,
      keyScope: 'system',
      idempotencyKey: `neighbour-earn-${borrower.id}`,
      initiatorId: null,
    });
    const started = await ctx.services.huts.confirmHandover(borrower.actor, req.id, { condition: 'good' });
    expect(started).toMatchObject({ status: 'active', depositStatus: 'held', depositPoints: 10 });
    expect(await balance(borrower)).toBe(0);
    await ctx.services.huts.confirmReturn(borrower.actor, req.id, { condition: 'good' });
    const back = await ctx.services.huts.confirmReturn(owner.actor, req.id, {
      condition: 'damaged',
      note: '钻头断了',
    });
    expect(back).toMatchObject({ status: 'returned', damage: 'damaged', depositStatus: 'held' });
    const settled = await ctx.services.huts.settleDamage(worker, req.id, {
      forfeitDeposit: true,
      note: '赔偿钻头',
    });
    expect(settled.depositStatus).toBe('forfeited');
    expect(await balance(owner)).toBe(10);
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
  });
});

describe('damage, loss and the trust log', () => {
  it('records loss reported by a keeper and settled by a worker, and logs check-outs by pseudonym', async () => {
    const hut = await newHut();
    const crutch = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '拐杖', category: 'mobility' }),
    );
    const m = await member();
    const loan = await ctx.services.huts.checkout(keeper, hut.id, {
      memberCode: m.code,
      label: crutch.units[0]!.label,
    });
    const reported = await ctx.services.huts.reportDamage(keeper, loan.id, {
      kind: 'lost',
      note: '公交上丢了',
    });
    expect(reported).toMatchObject({ status: 'lost', damage: 'lost' });
    expect(
      (
        await problem(
          ctx.services.huts.settleDamage(keeper, loan.id, { forfeitDeposit: false, note: '免赔' }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (await ctx.services.huts.settleDamage(worker, loan.id, { forfeitDeposit: false, note: '免赔' })).damage,
    ).toBe('settled');
    expect(
      (
        await problem(
          ctx.services.huts.settleDamage(worker, loan.id, { forfeitDeposit: false, note: '免赔' }),
        )
      ).code,
    ).toBe('hut_loan_state');
    expect((await ctx.services.huts.item(keeper, crutch.id)).units).toHaveLength(0);

    const entries = await ctx.db.kysely
      .selectFrom('log_entries')
      .select(['kind', 'body'])
      .where('kind', 'in', ['huts.checkout', 'huts.return', 'huts.settle'])
      .execute();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const text = entries.map((e) => Buffer.from(e.body).toString('utf8')).join('\n');
    expect(text).toContain(loan.id);
    expect(text).not.toContain(m.id);
    expect(text).not.toContain('邻居');
  });
});

describe('over HTTP', () => {
  it('runs the desk with a member QR code, and serves reports, CSV and a label sheet', async () => {
    await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13900000001', 'worker', C1);
    const staffer = await signInOverHttp(ctx.app, ctx.services, '13900000001');
    const resident = await signInOverHttp(ctx.app, ctx.services, '13900000002');
    await ctx.services.privacy.updateProfile(
      { kind: 'person', accountId: resident.accountId, grants: [] },
      { homeDivision: C1 },
    );
    const call = async (
      who: { headers: Record<string, string> } | null,
      method: string,
      url: string,
      payload?: unknown,
    ) => {
      const res = await ctx.app.inject({
        method: method as 'GET',
        url,
        headers: who?.headers ?? {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: res.statusCode, json: () => res.json(), body: res.body, headers: res.headers };
    };
    const hut = await call(staffer, 'POST', '/api/huts', {
      communityCode: C1,
      name: '塔坡共享小屋',
      address: '一楼',
      hours: ALL_WEEK,
    });
    expect(hut.status).toBe(201);
    const hutId = hut.json().id as string;
    const bad = await call(staffer, 'POST', `/api/huts/${hutId}/items`, {
      title: '',
      category: 'Bad Key',
      condition: 'shiny',
    });
    expect(bad.status).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    const oven = await call(staffer, 'POST', `/api/huts/${hutId}/items`, {
      title: '电烤箱',
      category: 'kitchen',
      condition: 'good',
      units: 2,
    });
    expect(oven.status).toBe(201);
    expect(oven.json().units).toHaveLength(2);
    const found = await call(null, 'GET', `/api/huts/items?community=${C1}&q=${encodeURIComponent('烤箱')}`);
    expect(found.json().items.map((i: { title: string }) => i.title)).toContain('电烤箱');

    expect((await call(null, 'GET', '/api/me/huts/member-code')).status).toBe(401);
    const card = await call(resident, 'GET', '/api/me/huts/member-code');
    expect(card.json().code).toMatch(/^LM[0-9A-Z]{12}$/);
    expect(card.json().svg).toContain('<svg');
    const label = oven.json().units[0].label as string;
    const out = await call(staffer, 'POST', `/api/huts/${hutId}/checkout`, {
      memberCode: card.json().code,
      label,
    });
    expect(out.status).toBe(201);
    const twice = await call(staffer, 'POST', `/api/huts/${hutId}/checkout`, {
      memberCode: card.json().code,
      label,
    });
    expect(twice.status).toBe(409);
    expect(twice.json().code).toBe('hut_already_borrowed');
    const mine = await call(resident, 'GET', '/api/me/huts/loans');
    expect(mine.json().items).toEqual([expect.objectContaining({ itemTitle: '电烤箱', unitLabel: label })]);

    const report = await call(staffer, 'GET', `/api/huts/${hutId}/reports?kind=never_borrowed`);
    expect(report.status).toBe(200);
    expect(report.json().items).toHaveLength(0);
    const used = await call(staffer, 'GET', `/api/huts/${hutId}/reports?kind=most_borrowed`);
    expect(used.json().items[0]).toMatchObject({ title: '电烤箱', loans: 1, copies: 2 });
    const csv = await call(staffer, 'GET', `/api/huts/${hutId}/reports.csv?kind=utilisation`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('电烤箱');
    expect((await call(resident, 'GET', `/api/huts/${hutId}/reports?kind=utilisation`)).status).toBe(403);
    const overdue = await call(staffer, 'GET', `/api/huts/${hutId}/overdue`);
    expect(overdue.json().items).toEqual([]);
    const sheet = await call(staffer, 'GET', `/api/huts/${hutId}/labels`);
    expect(sheet.headers['content-type']).toContain('text/html');
    expect(sheet.body).toContain(label);
    expect(sheet.body).toContain('<svg');
    const back = await call(staffer, 'POST', `/api/huts/${hutId}/returns`, { label, condition: 'good' });
    expect(back.json()).toMatchObject({ unitStatus: 'available', loan: { status: 'returned' } });
    expect(
      (await call(staffer, 'POST', `/api/huts/${hutId}/returns`, { label, condition: 'good' })).json().code,
    ).toBe('hut_not_on_loan');
  });
});

describe('deposits through the love bank', () => {
  it('holds the deposit at check-out, releases it on a good return, and a worker may keep it for damage', async () => {
    const hut = await newHut();
    const chair = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '电动轮椅', category: 'mobility', depositPoints: 20 }),
    );
    const label = chair.units[0]!.label;
    const m = await member();
    const balance = async () => (await ctx.services.points.balance(m.actor)).balance;
    // No points: no loan, and nothing changed.
    expect(await problem(ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label }))).toEqual({
      code: 'points_insufficient',
      details: { available: 0 },
    });
    expect((await ctx.services.huts.item(keeper, chair.id)).units[0]!.status).toBe('available');
    await ctx.services.points.setBudget(SYSTEM, C1, 100_000);
    await ctx.services.points.settleHelp({
      providerId: m.id,
      recipientId: null,
      communityCode: C1,
      minutes: 300,
      keyScope: 'system',
      idempotencyKey: `deposit-earn-${m.id}`,
      initiatorId: null,
    });
    expect(await balance()).toBe(50);
    const loan = await ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label });
    expect(loan).toMatchObject({ depositPoints: 20, depositStatus: 'held' });
    expect(await balance()).toBe(30);
    const back = await ctx.services.huts.returnLoan(keeper, hut.id, { label, condition: 'good' });
    expect(back.loan.depositStatus).toBe('released');
    expect(await balance()).toBe(50);

    const second = await ctx.services.huts.checkout(keeper, hut.id, { memberCode: m.code, label });
    const damaged = await ctx.services.huts.returnLoan(keeper, hut.id, {
      label,
      condition: 'damaged',
      note: '轮子坏了',
    });
    expect(damaged.loan).toMatchObject({ depositStatus: 'held', damage: 'damaged' });
    expect(await balance()).toBe(30);
    const settled = await ctx.services.huts.settleDamage(worker, second.id, {
      forfeitDeposit: true,
      note: '照价修理',
    });
    expect(settled).toMatchObject({ depositStatus: 'forfeited', damage: 'settled' });
    expect(await balance()).toBe(30);
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
  });
});

describe('photos', () => {
  it('re-encodes item and condition photos with thumbnails, refuses what is not an image, and keeps loan photos private', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2e86de' } })
      .png()
      .toBuffer();
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13900000011', 'worker', C1);
    const staffer = await signInOverHttp(ctx.app, ctx.services, '13900000011');
    const borrower = await signInOverHttp(ctx.app, ctx.services, '13900000012');
    const other = await signInOverHttp(ctx.app, ctx.services, '13900000013');
    await ctx.services.privacy.updateProfile(
      { kind: 'person', accountId: borrower.accountId, grants: [] },
      { homeDivision: C1 },
    );
    const hut = await newHut();
    const kettle = await ctx.services.huts.addItem(
      keeper,
      hut.id,
      item({ title: '电水壶', category: 'kitchen' }),
    );
    const upload = (
      who: { headers: Record<string, string> },
      url: string,
      body: Buffer,
      type = 'image/png',
    ) =>
      ctx.app.inject({
        method: 'POST',
        url,
        headers: { ...who.headers, 'content-type': type },
        payload: body,
      });
    expect((await upload(borrower, `/api/huts/items/${kettle.id}/photos`, png)).statusCode).toBe(403);
    const bad = await upload(staffer, `/api/huts/items/${kettle.id}/photos`, gif, 'image/jpeg');
    expect(bad.json().code).toBe('hut_photo_invalid');
    const ok = await upload(staffer, `/api/huts/items/${kettle.id}/photos`, png);
    expect(ok.statusCode).toBe(200);
    const [photo] = ok.json().photos as { url: string; thumbUrl: string }[];
    const full = await ctx.app.inject({ method: 'GET', url: photo!.url });
    expect(full.headers['content-type']).toBe('image/webp');
    const thumb = await ctx.app.inject({ method: 'GET', url: photo!.thumbUrl });
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(240);
    const page = await ctx.services.huts.search(SYSTEM, { hut: hut.id });
    expect(page.items[0]!.thumbUrl).toBe(photo!.thumbUrl);

    const code = await ctx.services.huts.memberCode({
      kind: 'person',
      accountId: borrower.accountId,
      grants: [],
    });
    const loan = await ctx.services.huts.checkout(keeper, hut.id, {
      memberCode: code,
      label: kettle.units[0]!.label,
    });
    const withPhoto = await upload(staffer, `/api/huts/loans/${loan.id}/photos?stage=out`, png);
    expect(withPhoto.json().photos).toEqual([expect.objectContaining({ stage: 'out' })]);
    const loanPhotoUrl = withPhoto.json().photos[0].url as string;
    expect(
      (await ctx.app.inject({ method: 'GET', url: loanPhotoUrl, headers: borrower.headers })).statusCode,
    ).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: loanPhotoUrl, headers: other.headers })).statusCode,
    ).toBe(404);
    expect((await upload(other, `/api/huts/loans/${loan.id}/photos?stage=back`, png)).json().code).toBe(
      'hut_loan_not_found',
    );
  });
});
