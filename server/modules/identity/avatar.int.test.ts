import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';

let ctx: TestContext;
let me: Awaited<ReturnType<typeof signInOverHttp>>;
let png: Buffer;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  me = await signInOverHttp(ctx.app, ctx.services, '13800001111');
  png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer();
});
afterAll(async () => {
  await ctx.drop();
});

const put = (body: Buffer | string, type: string, headers = me.headers) =>
  ctx.app.inject({
    method: 'PUT',
    url: '/api/me/avatar',
    headers: { ...headers, 'content-type': type },
    payload: body,
  });
const rows = () => ctx.db.kysely.selectFrom('avatars').selectAll().execute();

describe('profile pictures', () => {
  it('refuses what is not an accepted image, or too big, as problem JSON, storing nothing', async () => {
    const notImage = await put(Buffer.from('hello, not a picture'), 'image/png');
    expect(notImage.statusCode).toBe(400);
    expect(notImage.headers['content-type']).toContain('application/problem+json');
    expect(notImage.json().code).toBe('avatar_invalid');
    const gifBytes = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect((await put(gifBytes, 'image/png')).json().code).toBe('avatar_invalid');
    expect((await put(gifBytes, 'image/gif')).json().code).toBe('unsupported_media_type');
    expect((await put('{}', 'application/json')).statusCode).toBe(400);
    const huge = await put(Buffer.alloc(3 * 1024 * 1024 + 1, 1), 'image/jpeg');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
    expect((await put(png, 'image/png', {} as typeof me.headers)).statusCode).toBe(401);
    expect(await rows()).toEqual([]);
    expect((await ctx.app.inject({ url: '/api/me', headers: me.headers })).json().avatarUrl).toBeNull();
  });

  it('stores a 256×256 WebP, shows it in my account and serves it', async () => {
    const res = await put(png, 'image/png');
    expect(res.statusCode).toBe(200);
    const url = res.json().avatarUrl as string;
    expect((await ctx.app.inject({ url: '/api/me', headers: me.headers })).json().avatarUrl).toBe(url);
    const image = await ctx.app.inject({ url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    const meta = await sharp(image.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect((await ctx.app.inject({ url: '/api/accounts/nobody/avatar' })).json().code).toBe('not_found');
    const exported = JSON.parse((await ctx.app.inject({ url: '/api/me/export', headers: me.headers })).body);
    expect(exported.avatar.mime).toBe('image/webp');
  });

  it('is removed with my account', async () => {
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/me', headers: me.headers })).statusCode).toBe(
      204,
    );
    expect(await rows()).toEqual([]);
  });
});
