import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../test/helpers/app.js';
import { type Actor, SYSTEM } from './lib/actor.js';

let ctx: TestContext;
let community: string;
const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  community = (await ctx.services.divisions.communitiesUnder('440604'))[0]!.code;
});
afterAll(async () => {
  await ctx.drop();
});

async function resident(phone: string, nickname: string): Promise<Actor> {
  const { accountId } = await ctx.services.accounts.ensureAccount(SYSTEM, phone);
  const actor = person(accountId);
  await ctx.services.privacy.updateProfile(actor, { homeDivision: community, nickname });
  await ctx.db.kysely
    .updateTable('accounts')
    .set({ verification: 'in_person' })
    .where('id', '=', accountId)
    .execute();
  return actor;
}

describe('my data across modules', () => {
  it('exports my listings, exchanges and messages, and erases what I wrote when I leave', async () => {
    const helper = await resident('13500000001', '阿强');
    const asker = await resident('13500000002', '阿珍');
    const offer = await ctx.services.listings.create(helper, {
      direction: 'offer',
      kind: 'skill',
      title: '修水龙头，住在3座502',
      description: '晚上在家，电话联系',
      category: 'plumbing',
      tags: ['水管'],
      availability: [],
    });
    const exchange = await ctx.services.exchanges.create(asker, {
      listingId: offer.id,
      message: '我家在5座',
    });
    await ctx.services.exchanges.message(asker, exchange.id, { body: '门铃坏了，请敲门' });

    const exported = await ctx.services.privacy.export(asker);
    expect(exported.exchanges).toMatchObject({
      exchanges: [expect.objectContaining({ id: exchange.id })],
      messages: expect.arrayContaining([expect.objectContaining({ body: '门铃坏了，请敲门' })]),
    });
    expect(exported).toHaveProperty('reviews');
    const helperExport = await ctx.services.privacy.export(helper);
    expect(helperExport.listings).toEqual([expect.objectContaining({ id: offer.id, title: offer.title })]);

    await ctx.services.privacy.deleteAccount(asker);
    const messages = await ctx.db.kysely
      .selectFrom('exchange_messages')
      .select('body')
      .where('sender_id', '=', (asker as { accountId: string }).accountId)
      .execute();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.body === '')).toBe(true);

    await ctx.services.privacy.deleteAccount(helper);
    const listing = await ctx.db.kysely
      .selectFrom('listings')
      .select(['title', 'description', 'status'])
      .where('id', '=', offer.id)
      .executeTakeFirstOrThrow();
    expect(listing).toEqual({ title: '（已删除）', description: '', status: 'closed' });
    const terms = await ctx.db.kysely
      .selectFrom('listing_terms')
      .select('term')
      .where('listing_id', '=', offer.id)
      .execute();
    expect(terms).toEqual([]);
    expect(await ctx.services.points.audit(SYSTEM)).toEqual([]);
  });
});
