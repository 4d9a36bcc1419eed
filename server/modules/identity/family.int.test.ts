import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';

let ctx: TestContext;
let child: Awaited<ReturnType<typeof signInOverHttp>>;
let mother: Awaited<ReturnType<typeof signInOverHttp>>;
let stranger: Awaited<ReturnType<typeof signInOverHttp>>;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  child = await signInOverHttp(ctx.app, ctx.services, '13300000001');
  mother = await signInOverHttp(ctx.app, ctx.services, '13300000002');
  stranger = await signInOverHttp(ctx.app, ctx.services, '13300000003');
});
afterAll(async () => {
  await ctx.drop();
});

const family = (who: { headers: Record<string, string> }) =>
  ctx.app.inject({ url: '/api/me/family', headers: who.headers }).then((r) => r.json().items);

describe('family links', () => {
  it('answers the same whether or not a number has an account', async () => {
    const none = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/family',
      headers: child.headers,
      payload: { phone: '13399999999', relation: 'parent' },
    });
    const real = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/family',
      headers: child.headers,
      payload: { phone: '13300000002', relation: 'parent' },
    });
    expect(none.statusCode).toBe(202);
    expect(real.statusCode).toBe(202);
    expect(real.body).toBe(none.body);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/family',
          headers: child.headers,
          payload: { phone: '123', relation: 'parent' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/family',
          headers: child.headers,
          payload: { phone: '13300000002', relation: 'boss' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('is confirmed only by the person asked, seen from each side, and logged by pseudonym', async () => {
    const [mine] = await family(child);
    expect(mine).toMatchObject({ relation: 'parent', status: 'pending', direction: 'outgoing' });
    const [theirs] = await family(mother);
    expect(theirs).toMatchObject({
      id: mine.id,
      relation: 'child',
      status: 'pending',
      direction: 'incoming',
    });
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/me/family/${mine.id}/confirm`,
          headers: child.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/me/family/${mine.id}/confirm`,
          headers: stranger.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/me/family/${mine.id}/confirm`,
          headers: mother.headers,
        })
      ).statusCode,
    ).toBe(204);
    expect((await family(child))[0].status).toBe('confirmed');
    expect(await family(stranger)).toEqual([]);
    const log = (await ctx.db.kysely.selectFrom('log_entries').select('body').execute())
      .map((e) => Buffer.from(e.body).toString('utf8'))
      .join('\n');
    expect(log).toContain('identity.family_linked');
    expect(log).not.toContain(child.accountId);
    const notes = (await ctx.app.inject({ url: '/api/me/notifications', headers: mother.headers }))
      .json()
      .items.map((n: { kind: string }) => n.kind);
    expect(notes).toEqual(expect.arrayContaining(['identity.family_request', 'trustlog.entry']));
  });

  it('does not duplicate a link asked again from either side, and either side can end it', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/api/me/family',
      headers: mother.headers,
      payload: { phone: '13300000001', relation: 'child' },
    });
    expect(await family(mother)).toHaveLength(1);
    const [link] = await family(mother);
    expect(
      (
        await ctx.app.inject({
          method: 'DELETE',
          url: `/api/me/family/${link.id}`,
          headers: stranger.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: `/api/me/family/${link.id}`, headers: mother.headers }))
        .statusCode,
    ).toBe(204);
    expect(await family(child)).toEqual([]);
  });
});
