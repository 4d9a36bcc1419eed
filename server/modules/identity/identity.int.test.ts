import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { SYSTEM } from '../../lib/actor.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp(['440604']);
});
afterAll(async () => {
  await ctx.drop();
});

let ipCounter = 0;
/** Each test signs in from its own address so per-address limits do not interfere. */
const nextIp = () => `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

async function requestCode(phone: string, ip = nextIp()) {
  return ctx.app.inject({ method: 'POST', url: '/api/auth/sms-code', payload: { phone }, remoteAddress: ip });
}

async function lastCode(phone: string): Promise<string> {
  const [message] = await ctx.services.auth.outbox(SYSTEM, { limit: 1, phone });
  return /验证码是 (\d{6})/.exec(message!.body)![1]!;
}

async function signIn(phone: string) {
  expect((await requestCode(phone)).statusCode).toBe(202);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { phone, code: await lastCode(phone) },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'linli_session')!;
  return {
    cookie: `linli_session=${cookie.value}`,
    csrf: res.json().csrfToken as string,
    body: res.json(),
    raw: cookie,
  };
}

describe('phone sign-in', () => {
  it('signs up on first sign-in, sets an httpOnly SameSite cookie, and shows the number masked', async () => {
    const { cookie, body, raw } = await signIn('+86 139 0000 0001');
    expect(raw.httpOnly).toBe(true);
    expect(raw.sameSite).toBe('Lax');
    expect(body.account).toMatchObject({ phoneMasked: '139****0001', verification: 'phone' });
    const me = await ctx.app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ phoneMasked: '139****0001' });
    const session = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie } });
    expect(session.json()).toMatchObject({ signedIn: true });
  });

  it('keeps the number encrypted at rest and out of the trust log', async () => {
    await signIn('13900000002');
    const rows = await ctx.db.kysely.selectFrom('accounts').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('13900000002');
    const entries = await ctx.db.kysely.selectFrom('log_entries').select('body').execute();
    const text = entries.map((e) => Buffer.from(e.body).toString('utf8')).join('\n');
    expect(text).toContain('identity.account_created');
    expect(text).not.toContain('13900000002');
    expect(text).not.toContain('0002');
  });

  it.each([
    ['12345678901', 'invalid_phone'],
    ['1391234567', 'invalid_phone'],
    ['', 'validation_failed'],
  ])('refuses %j with %s', async (phone, code) => {
    const res = await requestCode(phone);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('limits codes per number, says when to retry, and changes nothing', async () => {
    expect((await requestCode('13900000004')).statusCode).toBe(202);
    const again = await requestCode('13900000004');
    expect(again.statusCode).toBe(429);
    expect(again.json()).toMatchObject({ code: 'sms_rate_limited' });
    expect(again.json().detail).toMatch(/\d+ 秒后再试/);
    expect(await ctx.services.auth.outbox(SYSTEM, { limit: 10, phone: '13900000004' })).toHaveLength(1);
  });

  it('limits codes per address', async () => {
    const ip = nextIp();
    for (let i = 0; i < 30; i++)
      expect((await requestCode(`1370000${String(i).padStart(4, '0')}`, ip)).statusCode).toBe(202);
    const res = await requestCode('13799999999', ip);
    expect(res.statusCode).toBe(429);
  });

  it('refuses a wrong code, locks after five tries and says so plainly', async () => {
    await requestCode('13900000005');
    const right = await lastCode('13900000005');
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { phone: '13900000005', code: wrong },
      });
      expect(res.json().code).toBe('sms_code_invalid');
    }
    const fifth = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { phone: '13900000005', code: wrong },
    });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('sms_code_locked');
    const evenRight = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { phone: '13900000005', code: right },
    });
    expect(evenRight.json().code).toBe('sms_code_locked');
    expect((await requestCode('13900000005')).json().code).toBe('sms_code_locked');
  });

  it('uses a code once, even when two sign-ins race', async () => {
    await requestCode('13900000006');
    const code = await lastCode('13900000006');
    const results = await Promise.all(
      [1, 2].map(() =>
        ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { phone: '13900000006', code } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });
});

describe('sessions', () => {
  it('requires the CSRF token for state changes made with the cookie', async () => {
    const { cookie, csrf } = await signIn('13900000007');
    const without = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ url: '/api/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('signs out everywhere', async () => {
    const { cookie, csrf } = await signIn('13900000008');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out-everywhere',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(res.json()).toEqual({ revoked: 1 });
    expect((await ctx.app.inject({ url: '/api/auth/session', headers: { cookie } })).json()).toEqual({
      signedIn: false,
    });
  });

  it('treats a forged or unknown cookie as signed out', async () => {
    const res = await ctx.app.inject({ url: '/api/me', headers: { cookie: 'linli_session=forged' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthorized');
  });
});

describe('roles', () => {
  it('makes a district admin from the CLI path and logs the grant without personal data', async () => {
    const { accountId } = await ctx.services.accounts.grantRoleByPhone(
      SYSTEM,
      '13900000009',
      'district_admin',
      '440604000000',
    );
    const { body } = await signIn('13900000009');
    expect(body.account.id).toBe(accountId);
    expect(body.account.roles).toEqual([{ role: 'district_admin', divisionCode: '440604000000' }]);
  });

  it('lets an admin grant only within their division', async () => {
    const admin = {
      kind: 'person' as const,
      accountId: 'x',
      grants: [{ role: 'street_admin' as const, divisionCode: '440604012000' }],
    };
    await expect(
      ctx.services.accounts.grantRoleByPhone(admin, '13900000010', 'worker', '440604011000'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      ctx.services.accounts.grantRoleByPhone(admin, '13900000010', 'district_admin', '440604012000'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      ctx.services.accounts.grantRoleByPhone(admin, '13900000010', 'worker', '440604012045'),
    ).resolves.toMatchObject({ created: true });
  });
});

describe('session rotation on a privilege change', () => {
  const sessionCookieOf = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === 'linli_session')?.value;

  it('replaces the session once when grants change; the old token ends after a short grace', async () => {
    const phone = '13900000031';
    const { cookie, csrf } = await signIn(phone);
    // Unchanged grants: no new cookie.
    const same = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie } });
    expect(sessionCookieOf(same)).toBeUndefined();

    await ctx.services.accounts.grantRoleByPhone(SYSTEM, phone, 'worker', '440604010001');
    // Two requests at once with the old cookie: exactly one replacement.
    const [a, b] = await Promise.all([
      ctx.app.inject({ url: '/api/auth/session', headers: { cookie } }),
      ctx.app.inject({ url: '/api/auth/session', headers: { cookie } }),
    ]);
    const issued = [sessionCookieOf(a), sessionCookieOf(b)].filter(Boolean);
    expect(issued).toHaveLength(1);
    const fresh = `linli_session=${issued[0]}`;
    expect(fresh).not.toBe(cookie);

    // The new session carries the new grant and the same CSRF token, so open forms still work.
    const me = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie: fresh } });
    expect(sessionCookieOf(me)).toBeUndefined();
    expect(me.json()).toMatchObject({ signedIn: true, csrfToken: csrf });
    expect(me.json().account.roles).toEqual([{ role: 'worker', divisionCode: '440604010001' }]);

    // The old token works during the grace period, without being replaced again …
    const during = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie } });
    expect(during.json().signedIn).toBe(true);
    expect(sessionCookieOf(during)).toBeUndefined();
    // … and not after it.
    await ctx.db.kysely
      .updateTable('sessions')
      .set({ rotated_at: Date.now() - 61_000 })
      .where('rotated_at', 'is not', null)
      .execute();
    ctx.services.auth.forgetAll();
    const after = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie } });
    expect(after.json().signedIn).toBe(false);
    const still = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie: fresh } });
    expect(still.json().signedIn).toBe(true);
  });
});
