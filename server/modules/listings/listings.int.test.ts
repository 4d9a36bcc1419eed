import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';

type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let admin: Person;
let worker: Person;
let alice: Person;
let bob: Person;
let carol: Person;
let dave: Person;
let erin: Person;
let C1: string;
let C1b: string;
let C2: string;
let compoundA: string;
let compoundOther: string;

const asPerson = (p: Person): Actor => ({ kind: 'person', accountId: p.accountId, grants: [] });

async function call(who: Person | null, method: string, url: string, payload?: unknown, headers = {}) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(who?.headers ?? {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: String(res.headers['content-type']).includes('json') ? res.json() : res.body,
    raw: res,
  };
}

const offer = (over: Record<string, unknown> = {}) => ({
  direction: 'offer',
  kind: 'skill',
  title: '水管龙头维修',
  description: '龙头滴水、角阀漏水、花洒换新都能搞，自己带扳手',
  category: 'plumbing',
  tags: ['水管', '龙头'],
  availability: [{ day: 6, part: 'morning' }],
  minutes: 60,
  ...over,
});

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  const communities = await ctx.services.divisions.communitiesUnder('440604');
  C1 = communities[0]!.code;
  C1b = communities.find((c) => c.code !== C1 && c.code.slice(0, 9) === C1.slice(0, 9))!.code;
  C2 = communities.find((c) => c.code.slice(0, 9) !== C1.slice(0, 9))!.code;
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13600000001', 'district_admin', '440604000000');
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13600000002', 'worker', C1);
  admin = await signInOverHttp(ctx.app, ctx.services, '13600000001');
  worker = await signInOverHttp(ctx.app, ctx.services, '13600000002');
  alice = await signInOverHttp(ctx.app, ctx.services, '13600000011');
  bob = await signInOverHttp(ctx.app, ctx.services, '13600000012');
  carol = await signInOverHttp(ctx.app, ctx.services, '13600000013');
  dave = await signInOverHttp(ctx.app, ctx.services, '13600000014');
  erin = await signInOverHttp(ctx.app, ctx.services, '13600000015');
  compoundA = (await ctx.services.compounds.createCompound(SYSTEM, C1, '绿景花园')).id;
  compoundOther = (await ctx.services.compounds.createCompound(SYSTEM, C2, '季华园')).id;
  for (const [p, home, nickname] of [
    [admin, C1, '管理员'],
    [worker, C1, '社工'],
    [alice, C1, '阿丽'],
    [bob, C1, '阿波'],
    [carol, C1b, '卡萝'],
    [dave, C2, '大卫'],
    [erin, C1, '阿恩'],
  ] as const)
    await ctx.services.privacy.updateProfile(asPerson(p), { homeDivision: home, nickname });
  await ctx.services.privacy.updateProfile(asPerson(alice), { compoundId: compoundA });
  await ctx.services.privacy.updateProfile(asPerson(bob), { compoundId: compoundA });
  // Seen in person, so they may offer help that enters a home; `fay` below is not.
  await ctx.db.kysely
    .updateTable('accounts')
    .set({ verification: 'in_person' })
    .where(
      'id',
      'in',
      [admin, worker, alice, bob, carol, dave, erin].map((p) => p.accountId),
    )
    .execute();
});
afterAll(async () => {
  await ctx.drop();
});

describe('taxonomy', () => {
  it('creates the default categories of a district lazily and idempotently', async () => {
    const res = await call(alice, 'GET', '/api/listing-categories');
    expect(res.status).toBe(200);
    const keys = res.body.items.map((c: { key: string }) => c.key);
    expect(keys.length).toBeGreaterThanOrEqual(41);
    for (const key of ['plumbing', 'child_care', 'elderly_care', 'translation', 'tool_lending'])
      expect(keys).toContain(key);
    const childCare = res.body.items.find((c: { key: string }) => c.key === 'child_care');
    expect(childCare.requiredVerification).toBe('in_person');
    const plumbing = res.body.items.find((c: { key: string }) => c.key === 'plumbing');
    expect(plumbing.keywords).toContain('水喉');
    expect(await ctx.services.listings.ensureDefaultCategories('440604')).toBe(0);
  });

  it('lets a district admin add and edit categories, and refuses others', async () => {
    const input = {
      key: 'knife_sharpening',
      group: 'repair',
      nameZh: '磨刀',
      nameEn: 'Knife sharpening',
      keywords: ['磨刀', '菜刀'],
      requiredVerification: 'phone',
    };
    expect((await call(alice, 'POST', '/api/listing-categories', input)).status).toBe(403);
    const created = await call(admin, 'POST', '/api/listing-categories', input);
    expect(created.status).toBe(201);
    expect((await call(admin, 'POST', '/api/listing-categories', input)).body.code).toBe('category_exists');
    const { key: _k, ...change } = input;
    const edited = await call(admin, 'PUT', '/api/listing-categories/440604/knife_sharpening', {
      ...change,
      nameZh: '磨刀铲剪',
      active: false,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.nameZh).toBe('磨刀铲剪');
    expect(
      (await call(worker, 'PUT', '/api/listing-categories/440604/knife_sharpening', change)).status,
    ).toBe(403);
    expect((await call(admin, 'PUT', '/api/listing-categories/440604/nope', change)).status).toBe(404);
    // Inactive: no new listings in it.
    const res = await call(alice, 'POST', '/api/listings', offer({ category: 'knife_sharpening' }));
    expect(res.body.code).toBe('category_unknown');
    const entries = await ctx.db.kysely
      .selectFrom('log_entries')
      .select('kind')
      .where('kind', '=', 'listings.category_set')
      .execute();
    expect(entries.length).toBe(2);
  });
});

describe('listings', () => {
  it('creates, edits and closes a listing, with poster, abilities, place and estimate', async () => {
    const created = await call(alice, 'POST', '/api/listings', offer({ alerts: true }));
    expect(created.status).toBe(201);
    const l = created.body;
    expect(l).toMatchObject({
      direction: 'offer',
      status: 'open',
      divisionCode: C1,
      compoundId: compoundA,
      compoundName: '绿景花园',
      requiredVerification: 'in_person',
      capacity: 1,
      openSlots: 1,
      alerts: true,
      pointsEstimate: 10,
      mine: true,
      abilities: { edit: true, close: true, respond: false, respondBlockedBy: 'listing_own' },
    });
    expect(l.place).toContain('·');
    expect(l.poster).toMatchObject({ nickname: '阿丽', completed: 0, rating: null });

    const seen = await call(bob, 'GET', `/api/listings/${l.id}`);
    expect(seen.body.abilities).toMatchObject({ edit: false, respond: true, respondBlockedBy: null });

    const edited = await call(alice, 'PATCH', `/api/listings/${l.id}`, {
      title: '修水喉 通下水道',
      minutes: 90,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('修水喉 通下水道');
    expect(edited.body.pointsEstimate).toBe(15);
    // null means "by the rules" / "none", not 0.
    const priced = await call(alice, 'PATCH', `/api/listings/${l.id}`, { points: 0, deadline: null });
    expect([priced.body.points, priced.body.pointsEstimate]).toEqual([0, 0]);
    const byRules = await call(alice, 'PATCH', `/api/listings/${l.id}`, { points: null, minutes: null });
    expect([byRules.body.points, byRules.body.minutes, byRules.body.pointsEstimate]).toEqual([
      null,
      null,
      null,
    ]);
    const again = await call(alice, 'PATCH', `/api/listings/${l.id}`, { minutes: 90, compoundId: null });
    expect([again.body.minutes, again.body.compoundId]).toEqual([90, null]);
    expect((await call(bob, 'PATCH', `/api/listings/${l.id}`, { title: 'x' })).status).toBe(403);
    expect((await call(bob, 'POST', `/api/listings/${l.id}/close`)).status).toBe(403);

    const closed = await call(alice, 'POST', `/api/listings/${l.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await call(alice, 'POST', `/api/listings/${l.id}/close`)).body.code).toBe('listing_closed');
    // Closed: others no longer see it at all.
    expect((await call(bob, 'GET', `/api/listings/${l.id}`)).body.code).toBe('listing_not_found');
    expect((await call(bob, 'PATCH', `/api/listings/${l.id}`, { title: 'x' })).body.code).toBe(
      'listing_not_found',
    );
    const kinds = await ctx.db.kysely
      .selectFrom('log_entries')
      .select('kind')
      .where('kind', 'in', ['listings.created', 'listings.closed'])
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['listings.created', 'listings.closed']));
  });

  it('refuses bad input with clear problems and changes nothing', async () => {
    const before = await ctx.db.kysely
      .selectFrom('listings')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const cases: [Record<string, unknown>, string][] = [
      [offer({ title: '' }), 'validation_failed'],
      [offer({ title: '   ' }), 'validation_failed'],
      [offer({ title: '长'.repeat(61) }), 'validation_failed'],
      [offer({ description: '长'.repeat(2001) }), 'validation_failed'],
      [offer({ tags: Array.from({ length: 9 }, (_, i) => `t${i}`) }), 'validation_failed'],
      [offer({ tags: ['长'.repeat(17)] }), 'validation_failed'],
      [offer({ category: 'no_such_thing' }), 'category_unknown'],
      [offer({ category: 'Bad Key' }), 'validation_failed'],
      [offer({ requiredVerification: 'phone' }), 'validation_failed'],
      [offer({ divisionCode: C2 }), 'forbidden'],
      [offer({ compoundId: compoundOther }), 'validation_failed'],
      [offer({ deadline: 1000 }), 'validation_failed'],
      [offer({ minutes: 2000 }), 'validation_failed'],
      [offer({ extra: 1 }), 'validation_failed'],
      // A JSON body is taken as typed: null is not 0 or "", "60" is not a number.
      [offer({ title: null }), 'validation_failed'],
      [offer({ capacity: null }), 'validation_failed'],
      [offer({ expiresInDays: null }), 'validation_failed'],
      [offer({ minutes: '60' }), 'validation_failed'],
      [offer({ alerts: 'true' }), 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const res = await call(alice, 'POST', '/api/listings', body);
      expect([res.status, res.body.code], JSON.stringify(body).slice(-120)).toEqual([
        res.status >= 400 ? res.status : 0,
        code,
      ]);
    }
    const after = await ctx.db.kysely
      .selectFrom('listings')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
    // Editing: a null where a value is required changes nothing; null "by the rules" is fine.
    const mine = await call(alice, 'POST', '/api/listings', offer({ points: 30 }));
    for (const patch of [{ title: null }, { tags: null }, { expiresInDays: null }, { kind: null }]) {
      const res = await call(alice, 'PATCH', `/api/listings/${mine.body.id}`, patch);
      expect([res.status, res.body.code], JSON.stringify(patch)).toEqual([400, 'validation_failed']);
    }
    const unchanged = await call(alice, 'GET', `/api/listings/${mine.body.id}`);
    expect(unchanged.body).toMatchObject({
      status: 'open',
      title: mine.body.title,
      expiresAt: mine.body.expiresAt,
    });
    const byRules = await call(alice, 'PATCH', `/api/listings/${mine.body.id}`, { points: null });
    expect([byRules.status, byRules.body.points]).toEqual([200, null]);
    await call(alice, 'POST', `/api/listings/${mine.body.id}/close`);
    expect((await call(null, 'POST', '/api/listings', offer())).status).toBe(401);
    expect((await call(alice, 'GET', '/api/listings/01234567-0000-7000-8000-000000000000')).body.code).toBe(
      'listing_not_found',
    );
  });

  it('asks the helper to meet the level: the poster of an offer, whoever answers a need', async () => {
    const fay = await signInOverHttp(ctx.app, ctx.services, '13600000016');
    await ctx.services.privacy.updateProfile(asPerson(fay), { homeDivision: C1, nickname: '阿菲' });
    const before = await ctx.db.kysely.selectFrom('listings').select('id').execute();
    const refused = await call(fay, 'POST', '/api/listings', offer());
    expect([refused.status, refused.body.code]).toEqual([403, 'verification_required']);
    expect(await ctx.db.kysely.selectFrom('listings').select('id').execute()).toHaveLength(before.length);
    const calligraphy = await call(
      fay,
      'POST',
      '/api/listings',
      offer({ category: 'calligraphy', title: '教写毛笔字' }),
    );
    expect(calligraphy.status).toBe(201);
    const need = await call(alice, 'POST', '/api/listings', {
      direction: 'need',
      kind: 'service',
      title: '下午帮忙接孩子放学',
      description: '',
      category: 'child_care',
      tags: [],
      availability: [],
    });
    expect(need.body.requiredVerification).toBe('in_person');
    const seen = await call(fay, 'GET', `/api/listings/${need.body.id}`);
    expect(seen.body.abilities).toMatchObject({ respond: false, respondBlockedBy: 'verification_required' });
    const anOffer = await call(fay, 'GET', `/api/listings/${calligraphy.body.id}`);
    expect(anOffer.body.mine).toBe(true);
    await call(alice, 'POST', `/api/listings/${need.body.id}/close`);
    await call(fay, 'POST', `/api/listings/${calligraphy.body.id}/close`);
  });

  it('stores markup as plain text', async () => {
    const title = '<script>alert(1)</script><b>修</b>';
    const res = await call(
      bob,
      'POST',
      '/api/listings',
      offer({ title, description: '<img src=x onerror=alert(1)>' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
    expect(res.body.description).toBe('<img src=x onerror=alert(1)>');
    await call(bob, 'POST', `/api/listings/${res.body.id}/close`);
  });

  it('never shows an expired listing as open, and marks them in bulk', async () => {
    const res = await call(
      bob,
      'POST',
      '/api/listings',
      offer({ title: '过期的旧单车', category: 'bike_repair' }),
    );
    await ctx.db.kysely
      .updateTable('listings')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', res.body.id)
      .execute();
    const own = await call(bob, 'GET', `/api/listings/${res.body.id}`);
    expect(own.body.status).toBe('expired');
    expect((await call(alice, 'GET', `/api/listings/${res.body.id}`)).body.code).toBe('listing_not_found');
    const found = await call(alice, 'GET', `/api/listings?q=${encodeURIComponent('旧单车')}`);
    expect(found.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
    // The search above swept it already (lazily); the bulk sweep is idempotent.
    expect(await ctx.services.listings.expireDue()).toBeGreaterThanOrEqual(0);
    const row = await ctx.db.kysely
      .selectFrom('listings')
      .select('status')
      .where('id', '=', res.body.id)
      .executeTakeFirst();
    expect(row?.status).toBe('expired');
  });

  it('lets a worker post for a managed resident (代办), marked in the listing and the log', async () => {
    const { id } = await ctx.services.proxy
      .register(asPerson(worker) as never, { nickname: '陈伯', homeDivision: C1 })
      .catch(async () =>
        ctx.services.proxy.register(
          { kind: 'person', accountId: worker.accountId, grants: [{ role: 'worker', divisionCode: C1 }] },
          { nickname: '陈伯', homeDivision: C1 },
        ),
      );
    const delegated = await ctx.services.proxy.actorFor(
      { kind: 'person', accountId: worker.accountId, grants: [{ role: 'worker', divisionCode: C1 }] },
      id,
    );
    const listing = await ctx.services.listings.create(delegated, {
      direction: 'need',
      kind: 'service',
      title: '帮忙买菜送上楼',
      description: '腿脚不便，想请邻居帮忙买菜',
      category: 'errands',
      tags: [],
      availability: [],
    });
    expect(listing.poster.id).toBe(id);
    const overHttp = await call(worker, 'POST', `/api/staff/managed/${id}/listings`, {
      direction: 'need',
      kind: 'service',
      title: '想请人陪去复诊',
      description: '',
      category: 'medical_escort',
      tags: [],
      availability: [],
    });
    expect(overHttp.status).toBe(201);
    expect(overHttp.body.poster.id).toBe(id);
    expect((await call(alice, 'POST', `/api/staff/managed/${id}/listings`, offer())).status).toBe(403);
    const row = await ctx.db.kysely
      .selectFrom('listings')
      .select('acted_by')
      .where('id', '=', listing.id)
      .executeTakeFirst();
    expect(row?.acted_by).toBe(worker.accountId);
  });

  it('takes photos (re-encoded, at most 4) from the owner only', async () => {
    const res = await call(
      alice,
      'POST',
      '/api/listings',
      offer({ title: '借电钻', category: 'tool_lending', kind: 'item' }),
    );
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const upload = (who: Person, body: Buffer | string, type = 'image/png') =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/listings/${res.body.id}/photos`,
        headers: { ...who.headers, 'content-type': type },
        payload: body,
      });
    expect((await upload(bob, png)).statusCode).toBe(403);
    expect((await upload(alice, 'not an image')).json().code).toBe('listing_photo_invalid');
    let last = await upload(alice, png);
    expect(last.statusCode).toBe(200);
    for (let i = 0; i < 3; i++) last = await upload(alice, png);
    expect(last.json().photos.length).toBe(4);
    expect((await upload(alice, png)).json().code).toBe('listing_photo_invalid');
    const url = last.json().photos[0] as string;
    const photo = await ctx.app.inject({ method: 'GET', url, headers: bob.headers });
    expect(photo.headers['content-type']).toBe('image/webp');
    const removed = await call(alice, 'DELETE', url);
    expect(removed.body.photos.length).toBe(3);
  });
});

describe('search', () => {
  let pipe: string;
  let need: string;
  beforeAll(async () => {
    pipe = (
      await call(
        bob,
        'POST',
        '/api/listings',
        offer({ title: '王师傅修水管', description: '厨房卫生间漏水都可以' }),
      )
    ).body.id;
    need = (
      await call(dave, 'POST', '/api/listings', {
        direction: 'need',
        kind: 'service',
        title: '雪柜唔冻',
        description: '家里雪柜唔制冷，想揾人睇下',
        category: 'appliance_repair',
        tags: [],
        availability: [],
      })
    ).body.id;
    await call(
      carol,
      'POST',
      '/api/listings',
      offer({ title: '教小朋友书法', category: 'calligraphy', description: '毛笔楷书', tags: ['书法'] }),
    );
  });

  it('finds Chinese by segmented words, colloquial synonyms and pinyin', async () => {
    const ids = async (q: string, extra = '') =>
      (await call(erin, 'GET', `/api/listings?q=${encodeURIComponent(q)}${extra}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await ids('水管')).toContain(pipe);
    expect(await ids('漏水')).toContain(pipe);
    expect(await ids('水喉')).toContain(pipe);
    expect(await ids('shuiguan')).toContain(pipe);
    expect(await ids('冰箱')).toContain(need);
    expect(await ids('冰箱', '&direction=offer')).not.toContain(need);
    expect(await ids('水管', '&category=calligraphy')).toEqual([]);
    expect(await ids('水管', `&within=${C2}`)).not.toContain(pipe);
    expect(await ids('雪柜', '&near=community')).not.toContain(need);
    expect(await ids('雪柜', '&near=district')).toContain(need);
    expect(await ids('水管', '&mine=true')).toEqual([]);
    const bobs = await call(bob, 'GET', `/api/listings?q=${encodeURIComponent('水管')}&mine=true`);
    expect(bobs.body.items.map((i: { id: string }) => i.id)).toContain(pipe);
    expect(bobs.body.items.every((i: { mine: boolean }) => i.mine)).toBe(true);
  });

  it('never serves one reader the page presented for another', async () => {
    const url = `/api/listings?q=${encodeURIComponent('王师傅')}`;
    const erins = await call(erin, 'GET', url);
    const bobs = await call(bob, 'GET', url);
    const pick = (body: { items: { id: string; mine: boolean; abilities: { edit: boolean } }[] }) =>
      body.items.find((i) => i.id === pipe)!;
    expect([pick(erins.body).mine, pick(erins.body).abilities.edit]).toEqual([false, false]);
    expect([pick(bobs.body).mine, pick(bobs.body).abilities.edit]).toEqual([true, true]);
    expect(pick((await call(erin, 'GET', url)).body).mine).toBe(false);
  });

  it('rebuilds the index for the operator only', async () => {
    await expect(ctx.services.listings.reindex(asPerson(admin))).rejects.toThrow('forbidden');
    expect(await ctx.services.listings.reindex(SYSTEM)).toBeGreaterThan(2);
    const res = await call(erin, 'GET', `/api/listings?q=${encodeURIComponent('水喉')}`);
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(pipe);
  });

  it('pages the feed with a cursor, newest first, and filters mine', async () => {
    const first = await call(erin, 'GET', '/api/listings?limit=2&direction=offer');
    expect(first.body.items.length).toBe(2);
    expect(first.body.next).toBeTruthy();
    const second = await call(erin, 'GET', `/api/listings?limit=2&direction=offer&cursor=${first.body.next}`);
    const a = first.body.items.map((i: { id: string }) => i.id);
    const b = second.body.items.map((i: { id: string }) => i.id);
    expect(a.filter((id: string) => b.includes(id))).toEqual([]);
    expect(a[0] > a[1]).toBe(true);
    const mine = await call(dave, 'GET', '/api/listings?mine=true');
    expect(mine.body.items.every((i: { mine: boolean }) => i.mine)).toBe(true);
    expect((await call(erin, 'GET', '/api/listings?cursor=garbage')).body.code).toBe('validation_failed');
    expect((await call(null, 'GET', '/api/listings')).status).toBe(401);
  });
});
