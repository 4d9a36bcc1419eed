import { SYSTEM } from '../lib/actor.js';
import type { SeedContext, SeedStep } from './seed.js';

const MEMOS = [
  '帮邻居修水龙头',
  '陪独居老人聊天',
  '辅导小学生作业',
  '社区环境清扫',
  '代买药品',
  '教老人用智能手机',
];

/**
 * A plausible history in the love bank: each community that has residents gets a budget; residents
 * are paid for public-benefit help (issued by their community) and for help to neighbours (paid by
 * the person helped); some donate to their community pool. Every transfer has a fixed key, so
 * seeding again replays instead of paying twice.
 */
export const pointsStep: SeedStep = {
  name: 'points',
  async run(ctx: SeedContext) {
    const total = 40 * ctx.scale;
    const residents: { id: string; home: string }[] = [];
    for (let i = 0; i < total; i++) {
      const id = await ctx.services.directory.accountIdByPhone(`199${String(i).padStart(8, '0')}`);
      const person = id ? await ctx.services.directory.person(id) : undefined;
      if (person?.homeDivision) residents.push({ id: person.id, home: person.homeDivision });
    }
    if (residents.length === 0) return { created: 0 };
    const communities = [...new Set(residents.map((r) => r.home))];
    for (const community of communities) {
      const [budget] = await ctx.services.points.budgets(SYSTEM, community);
      if (budget && budget.budget === 0) await ctx.services.points.setBudget(SYSTEM, community, 5000);
    }
    let created = 0;
    const count = (result: { replayed: boolean }) => {
      if (!result.replayed) created++;
    };
    // Pass one: everyone earns at least 8 points, so pass two (paying a neighbour 5, donating
    // 2–3) is never refused — a refusal now that succeeded on a later run would break idempotency.
    for (const [i, resident] of residents.entries()) {
      ctx.onProgress(i + 1, residents.length * 2, 'points');
      const times = ctx.random.int(1, 4);
      for (let k = 0; k < times; k++)
        count(
          await ctx.services.points.settleHelp({
            providerId: resident.id,
            recipientId: null,
            communityCode: resident.home,
            minutes: ctx.random.pick([45, 60, 90, 120]),
            keyScope: 'seed',
            idempotencyKey: `seed-earn-${i}-${k}`,
            initiatorId: null,
            memo: ctx.random.pick(MEMOS),
          }),
        );
    }
    for (const [i, resident] of residents.entries()) {
      ctx.onProgress(residents.length + i + 1, residents.length * 2, 'points');
      const neighbour = residents[(i + 1) % residents.length]!;
      const helps = ctx.random.chance(0.4);
      const donation = ctx.random.chance(0.3) ? ctx.random.int(2, 3) : 0;
      if (helps && neighbour.id !== resident.id)
        count(
          await ctx.services.points.settleHelp({
            providerId: resident.id,
            recipientId: neighbour.id,
            communityCode: resident.home,
            minutes: 30,
            keyScope: 'seed',
            idempotencyKey: `seed-help-${i}`,
            initiatorId: null,
            memo: ctx.random.pick(MEMOS),
          }),
        );
      if (donation)
        count(
          await ctx.services.points.donate(
            { kind: 'person', accountId: resident.id, grants: [] },
            { amount: donation, idempotencyKey: `seed-donate-${i}` },
          ),
        );
    }
    return { created };
  },
};
