import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { SYSTEM } from '../../lib/actor.js';

// 代办: a worker registers a resident without a phone and acts for them; every act is logged.
const TAPO = '440604012045'; // 塔坡社区
const OTHER = '440604011001'; // a community in 张槎街道
let ctx: TestContext;
let worker: Awaited<ReturnType<typeof signInOverHttp>>;
let elsewhere: Awaited<ReturnType<typeof signInOverHttp>>;
let resident: Awaited<ReturnType<typeof signInOverHttp>>;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13600000001', 'worker', TAPO);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13600000002', 'worker', OTHER);
  worker = await signInOverHttp(ctx.app, ctx.services, '13600000001');
  elsewhere = await signInOverHttp(ctx.app, ctx.services, '13600000002');
  resident = await signInOverHttp(ctx.app, ctx.services, '13600000003');
});
afterAll(async () => {
  await ctx.drop();
});

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, who: { headers: object }, payload?: object) =>
  ctx.app.inject({
    method,
    url,
    headers: who.headers as Record<string, string>,
    ...(payload ? { payload } : {}),
  });

const logText = async () =>
  (await ctx.db.kysely.selectFrom('log_entries').select('body').orderBy('idx').execute())
    .map((e) => Buffer.from(e.body).toString('utf8'))
    .join('\n');

const snapshot = async () => ({
  accounts: await ctx.db.kysely.selectFrom('accounts').selectAll().orderBy('id').execute(),
  log: await ctx.db.kysely.selectFrom('log_entries').select('idx').execute(),
});

describe('代办: acting for a resident without a phone', () => {
  let elderId: string;

  it('lets a worker register a resident of their community, with no phone, logged without personal data', async () => {
    const res = await req('POST', '/api/staff/managed', worker, { nickname: '陈阿婆', homeDivision: TAPO });
    expect(res.statusCode).toBe(201);
    elderId = res.json().id;
    const row = await ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', elderId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone_cipher: null, phone_index: null, managed_division: TAPO });
    const log = await logText();
    expect(log).toContain('"kind":"identity.managed_account_created"');
    expect(log).not.toContain('陈阿婆');
    const list = (await req('GET', '/api/staff/managed', worker)).json().items;
    expect(list).toEqual([
      expect.objectContaining({ id: elderId, nickname: '陈阿婆', abilities: { actFor: true } }),
    ]);
  });

  it('refuses workers of another community (403) and residents, changing nothing', async () => {
    const before = await snapshot();
    const other = await req('PATCH', `/api/staff/managed/${elderId}/profile`, elsewhere, { nickname: 'x' });
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json().code).toBe('forbidden');
    expect(
      (await req('PATCH', `/api/staff/managed/${elderId}/profile`, resident, { unit: '1' })).statusCode,
    ).toBe(403);
    expect(
      (await req('POST', '/api/staff/managed', elsewhere, { nickname: 'x', homeDivision: TAPO })).statusCode,
    ).toBe(403);
    expect(
      (await req('POST', '/api/staff/managed', resident, { nickname: 'x', homeDivision: TAPO })).statusCode,
    ).toBe(403);
    expect((await req('GET', '/api/staff/managed', resident)).statusCode).toBe(403);
    expect((await req('GET', '/api/staff/managed', elsewhere)).json().items).toEqual([]);
    // Not a community, not a managed account, bad body.
    expect(
      (
        await req('POST', '/api/staff/managed', worker, { nickname: 'x', homeDivision: '440604012000' })
      ).json().code,
    ).toBe('division_not_found');
    const notManaged = await req('PATCH', `/api/staff/managed/${resident.accountId}/profile`, worker, {
      unit: '1',
    });
    expect(notManaged.statusCode).toBe(404);
    expect(
      (await req('PATCH', `/api/staff/managed/${elderId}/profile`, worker, { nickname: '' })).json().code,
    ).toBe('validation_failed');
    expect(
      (await req('PATCH', `/api/staff/managed/${elderId}/profile`, worker, { homeDivision: OTHER }))
        .statusCode,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('acts for them: profile and real name, each act marked in the log with the worker', async () => {
    const profile = await req('PATCH', `/api/staff/managed/${elderId}/profile`, worker, {
      skills: ['包粽子'],
      unit: '3-101',
    });
    expect(profile.statusCode).toBe(204);
    const verified = await req('POST', `/api/staff/managed/${elderId}/verification/real-name`, worker, {
      realName: '陈桂英',
      residentId: '440604196105050029',
      consentSensitive: true,
    });
    expect(verified.statusCode).toBe(204);
    const [managed] = (await req('GET', '/api/staff/managed', worker)).json().items;
    expect(managed).toMatchObject({ skills: ['包粽子'], verification: 'real_name' });
    const entries = (await logText()).split('\n').map((l) => JSON.parse(l));
    const acts = entries.filter((e) => e.kind === 'identity.acted_for');
    expect(acts.map((e) => e.data.action)).toEqual(['profile_updated', 'real_name_submitted']);
    const verification = entries.findLast((e) => e.kind === 'identity.verification');
    expect(verification.data.by).toBe(acts[0].data.by);
    expect(acts[0].data.subject).toBe(verification.data.subject);
    const log = await logText();
    for (const secret of ['陈桂英', '440604196105050029', '3-101', '包粽子'])
      expect(log).not.toContain(secret);
    // The same worker then confirms the card in person through the usual queue.
    expect((await req('POST', `/api/staff/accounts/${elderId}/in-person`, worker)).statusCode).toBe(204);
  });
});

describe('changing my phone number', () => {
  const code = async (phone: string) => {
    const [message] = await ctx.services.auth.outbox(SYSTEM, { limit: 1, phone });
    return /验证码是 (\d{6})/.exec(message!.body)![1]!;
  };

  it('refuses a number already used by another account, or my own, changing nothing', async () => {
    const before = await snapshot();
    const taken = await req('POST', '/api/me/phone/code', resident, { phone: '13600000001' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('phone_taken');
    expect((await req('POST', '/api/me/phone/code', resident, { phone: '13600000003' })).json().code).toBe(
      'phone_unchanged',
    );
    expect((await req('POST', '/api/me/phone/code', resident, { phone: '12345' })).json().code).toBe(
      'invalid_phone',
    );
    expect(
      (await req('POST', '/api/me/phone/code', { headers: {} }, { phone: '13600000099' })).statusCode,
    ).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('changes the number with the code sent to the new one; logged without the number', async () => {
    const sent = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/phone/code',
      headers: resident.headers,
      payload: { phone: '136 0000 0099' },
      remoteAddress: '10.77.0.1',
    });
    expect(sent.statusCode).toBe(202);
    const wrong = await req('PUT' as 'POST', '/api/me/phone', resident, {
      phone: '13600000099',
      code: '000000',
    });
    expect(wrong.json().code).toMatch(/sms_code_invalid/);
    const ok = await req('PUT' as 'POST', '/api/me/phone', resident, {
      phone: '13600000099',
      code: await code('13600000099'),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ phoneMasked: '136****0099' });
    expect((await req('GET', '/api/me', resident)).json().phoneMasked).toBe('136****0099');
    const log = await logText();
    expect(log).toContain('"kind":"identity.phone_changed"');
    expect(log).not.toContain('13600000099');
    // The new number is now taken by me: asking to move another account onto it is refused.
    expect((await req('POST', '/api/me/phone/code', worker, { phone: '13600000099' })).json().code).toBe(
      'phone_taken',
    );
    // The code cannot be used twice.
    expect(
      (await req('PUT' as 'POST', '/api/me/phone', resident, { phone: '13600000098', code: '123456' })).json()
        .code,
    ).toBe('sms_code_expired');
  });
});
