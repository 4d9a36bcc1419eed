import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import type { Actor } from '../../lib/actor.js';

/** Findings of an attack on the listings API: each must be a 4xx that changes nothing. */
type Person = Awaited<ReturnType<typeof signInOverHttp>>;
let ctx: TestContext;
let alice: Person;
let bob: Person;
let C1: string;

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
  };
}

const offer = (over: Record<string, unknown> = {}) => ({
  direction: 'offer',
  kind: 'skill',
  title: '水管龙头维修',
  description: '龙头滴水、角阀漏水都能搞',
  category: 'plumbing',
  tags: ['水管'],
  availability: [{ day: 6, part: 'morning' }],
  minutes: 60,
  ...over,
});

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  C1 = (await ctx.services.divisions.communitiesUnder('440604'))[0]!.code;
  alice = await signInOverHttp(ctx.app, ctx.services, '13600000211');
  bob = await signInOverHttp(ctx.app, ctx.services, '13600000212');
  for (const p of [alice, bob])
    await ctx.services.privacy.updateProfile(asPerson(p), { homeDivision: C1, nickname: '邻居' });
  await ctx.db.kysely
    .updateTable('accounts')
    .set({ verification: 'in_person' })
    .where('id', 'in', [alice.accountId, bob.accountId])
    .execute();
});
afterAll(async () => {
  await ctx.drop();
});

describe('free text', () => {
  it('strips NUL, zero-width and bidi characters; blank once cleaned is refused', async () => {
    const made = await call(alice, 'POST', '/api/listings', {
      ...offer({
        title: '\u202e修\u0000水管\u200b',
        description: '带\u0000扳手\ufeff',
        tags: ['\u200b', '龙\u2066头'],
      }),
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ title: '修水管', description: '带扳手', tags: ['龙头'] });
    const blank = await call(alice, 'POST', '/api/listings', offer({ title: '\u200b\u0000\u202e \u2069' }));
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ code: 'validation_failed', details: { field: 'title' } });
    const patched = await call(alice, 'PATCH', `/api/listings/${made.body.id}`, { title: '\ufeff\u200c' });
    expect(patched.body).toMatchObject({ code: 'validation_failed', details: { field: 'title' } });
    expect((await call(alice, 'GET', `/api/listings/${made.body.id}`)).body.title).toBe('修水管');
  });
});

describe('time bounds', () => {
  it('refuses a deadline past 2100 (1e20 overflowed a PostgreSQL bigint)', async () => {
    const need = { ...offer({ direction: 'need' }) };
    for (const deadline of [1e20, Date.UTC(2100, 0, 1) + 1]) {
      const res = await call(alice, 'POST', '/api/listings', { ...need, deadline });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const made = await call(alice, 'POST', '/api/listings', { ...need, deadline: Date.now() + 86_400_000 });
    expect(made.status).toBe(201);
    const patched = await call(alice, 'PATCH', `/api/listings/${made.body.id}`, { deadline: 1e20 });
    expect(patched.status).toBe(400);
    expect((await call(alice, 'GET', `/api/listings/${made.body.id}`)).body.deadline).toBe(
      made.body.deadline,
    );
  });
});

describe('categories of a district', () => {
  it('answers division_not_found for a district never imported, creating nothing', async () => {
    const countRows = async () =>
      Number(
        (
          await ctx.db.kysely
            .selectFrom('listing_categories')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countRows();
    for (const district of ['999999', '999999000000', '440699']) {
      const res = await call(alice, 'GET', `/api/listing-categories?district=${district}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('division_not_found');
    }
    expect(await countRows()).toBe(before);
    // A real district still gets its defaults lazily.
    const real = await call(alice, 'GET', '/api/listing-categories?district=440604');
    expect(real.status).toBe(200);
    expect(real.body.items.length).toBeGreaterThanOrEqual(41);
  });
});

describe('photos at once', () => {
  it('takes eight parallel uploads without a 5xx and keeps at most four', async () => {
    const made = await call(
      alice,
      'POST',
      '/api/listings',
      offer({ title: '借电钻', category: 'tool_lending', kind: 'item' }),
    );
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3c3' } })
      .png()
      .toBuffer();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        ctx.app.inject({
          method: 'POST',
          url: `/api/listings/${made.body.id}/photos`,
          headers: { ...alice.headers, 'content-type': 'image/png' },
          payload: png,
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBe(4);
    const photos = (await call(alice, 'GET', `/api/listings/${made.body.id}`)).body.photos;
    expect(photos.length).toBe(4);
  });
});
