import type { ExchangeStatus } from '../../common/schemas/exchanges.js';
import { AppError } from '../errors.js';
import type { Actor } from '../lib/actor.js';
import type { SeedContext, SeedStep } from './seed.js';

/** seed.ts's DEMO_WORKER_PHONE (not imported: seed.ts imports this file, a cycle at load). */
const DEMO_WORKER_PHONE = '13800000001';

/** The states seeded exchanges end in, in turn (paid ones most often, as in a real programme). */
const TARGETS: ExchangeStatus[] = [
  'paid',
  'proposed',
  'accepted',
  'paid',
  'scheduled',
  'done',
  'paid',
  'declined',
  'cancelled',
  'disputed',
  'paid',
  'resolved',
  'no_show',
];

const HOUR = 3_600_000;
const PLACES = ['小区活动室', '3栋楼下', '社区服务中心', '共享小屋', '家里（已约好）'];
const MESSAGES = [
  '您好，这周末方便吗？',
  '我就住隔壁楼，随时可以',
  '麻烦您了，谢谢！',
  '需要我准备什么工具吗？',
];

const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

/**
 * A plausible mix of exchanges in every state over the open listings (seeded by the listings
 * step before this one), made through the exchanges service, so paid ones really pay points and
 * every step is in the trust log. Pairs (listing, neighbour) are fixed by position, and a pair
 * that already has an exchange is left alone, so seeding again changes nothing.
 */
export const exchangesStep: SeedStep = {
  name: 'exchanges',
  async run(ctx: SeedContext) {
    const { services } = ctx;
    const total = 40 * ctx.scale;
    const residents: string[] = [];
    for (let i = 0; i < total; i++) {
      const id = await services.directory.accountIdByPhone(`199${String(i).padStart(8, '0')}`);
      if (id) residents.push(id);
    }
    // Every listing, open or not, in a fixed order: the pairs stay the same on a second run.
    const listings = await ctx.db.kysely
      .selectFrom('listings')
      .select(['id', 'owner_id', 'status'])
      .orderBy('id')
      .limit(30 * ctx.scale)
      .execute();
    if (listings.length === 0 || residents.length < 2) {
      ctx.log('seed: exchanges — no listings to answer yet, skipped');
      return { created: 0 };
    }
    const workerId = await services.directory.accountIdByPhone(DEMO_WORKER_PHONE);
    let created = 0;
    for (const [i, listing] of listings.entries()) {
      ctx.onProgress(i + 1, listings.length, 'exchanges');
      let asker = residents[(i * 7 + 3) % residents.length]!;
      if (asker === listing.owner_id) asker = residents[(i * 7 + 4) % residents.length]!;
      const exists = await ctx.db.kysely
        .selectFrom('exchanges')
        .select('id')
        .where('listing_id', '=', listing.id)
        .where('initiator_id', '=', asker)
        .executeTakeFirst();
      if (exists || listing.status !== 'open') continue;
      try {
        await playTo(ctx, TARGETS[i % TARGETS.length]!, listing.id, asker, workerId, i);
        created++;
      } catch (error) {
        // A listing this neighbour may not answer (verification, full): try the next one.
        if (!(error instanceof AppError)) throw error;
      }
    }
    return { created };
  },
};

async function playTo(
  ctx: SeedContext,
  target: ExchangeStatus,
  listingId: string,
  askerId: string,
  workerId: string | null,
  i: number,
): Promise<void> {
  const ex = ctx.services.exchanges;
  const asker = person(askerId);
  const first = await ex.create(asker, { listingId, message: MESSAGES[i % MESSAGES.length] });
  const id = first.id;
  const owner = person(first.provider.id === askerId ? first.recipient.id : first.provider.id);
  const provider = person(first.provider.id);
  const recipient = person(first.recipient.id);
  if (target === 'proposed') return;
  if (target === 'declined') {
    await ex.decline(owner, id, { reason: '这几天实在抽不出时间，抱歉' });
    return;
  }
  await ex.accept(owner, id);
  if (target === 'accepted') return;
  if (target === 'cancelled') {
    await ex.cancel(recipient, id, { reason: '问题已经自己解决了，谢谢' });
    return;
  }
  const past = target === 'no_show';
  await ex.schedule(recipient, id, {
    // A schedule may not lie more than 10 minutes in the past: a no-show is "just now".
    scheduledAt: past ? Date.now() - 5 * 60_000 : Date.now() + (2 + (i % 5)) * 24 * HOUR,
    place: PLACES[i % PLACES.length]!,
    plannedMinutes: 30 + 15 * (i % 4),
  });
  if (target === 'scheduled') return;
  if (past) {
    await ex.noShow(recipient, id, { reason: '约好的时间没有来' });
    return;
  }
  await ex.message(provider, id, { body: '好的，到时见' });
  await ex.markDone(provider, id);
  if (target === 'done') return;
  if (target === 'disputed' || target === 'resolved') {
    await ex.dispute(recipient, id, { reason: '实际时长和记录的不一致' });
    if (target === 'disputed' || !workerId) return;
    const { community_code: community } = await ctx.db.kysely
      .selectFrom('exchanges')
      .select('community_code')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // The operator seeds as the demo worker, granted on the exchange's community for this step.
    const staff: Actor = {
      kind: 'person',
      accountId: workerId,
      grants: [{ role: 'worker', divisionCode: community }],
    };
    await ex.resolve(staff, id, { outcome: 'no_pay', note: '双方协商，本次不计积分' });
    return;
  }
  // Confirmed, and paid at once by the payment job (`confirmed` never lasts longer than that).
  await ex.confirm(recipient, id, { actualMinutes: 30 });
}
