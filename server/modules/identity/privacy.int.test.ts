import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../common/tlog/note.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { testNetIdSigner } from '../../../test/helpers/services.js';
import { SYSTEM } from '../../lib/actor.js';
import { sha256 } from '../../lib/crypto.js';
import { databaseSource } from '../trustlog/log-sources.js';
import { verifyLog } from '../trustlog/log-verifier.js';

const TAPO = '440604012045'; // 塔坡社区, 祖庙街道
const OTHER = '440604011001'; // a community of 张槎街道
const ID = '11010519491231002X';

let ctx: TestContext;
let resident: Awaited<ReturnType<typeof signInOverHttp>>;
let neighbour: Awaited<ReturnType<typeof signInOverHttp>>;
let worker: Awaited<ReturnType<typeof signInOverHttp>>;
let otherWorker: Awaited<ReturnType<typeof signInOverHttp>>;

const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who?: { headers: Record<string, string> },
  payload?: unknown,
) =>
  ctx.app.inject({
    method,
    url,
    headers: who?.headers ?? {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13700000001', 'worker', TAPO);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13700000002', 'worker', OTHER);
  worker = await signInOverHttp(ctx.app, ctx.services, '13700000001');
  otherWorker = await signInOverHttp(ctx.app, ctx.services, '13700000002');
  resident = await signInOverHttp(ctx.app, ctx.services, '13600000001');
  neighbour = await signInOverHttp(ctx.app, ctx.services, '13600000002');
});
afterAll(async () => {
  await ctx.drop();
});

describe('profile and real-name verification', () => {
  it('sets the home community (only a real community)', async () => {
    expect(
      (await req('PATCH', '/api/me/profile', resident, { homeDivision: TAPO, nickname: '老王' })).statusCode,
    ).toBe(204);
    expect(
      (await req('PATCH', '/api/me/profile', resident, { homeDivision: '440604012000' })).json().code,
    ).toBe('division_not_found');
    expect((await req('GET', '/api/me', resident)).json()).toMatchObject({
      nickname: '老王',
      homeDivision: TAPO,
    });
  });

  it.each([
    ['110105194912310021', 'check_digit'],
    ['110105194902310026', 'birth_date'],
    ['11010520991231002X', 'birth_date'],
    ['12345', 'format'],
  ])('refuses %s (%s) and changes nothing', async (residentId, problem) => {
    const res = await req('POST', '/api/me/verification/real-name', resident, {
      realName: '王小明',
      residentId,
      consentSensitive: true,
    });
    if (residentId === '12345') expect(res.json().code).toBe('validation_failed');
    else expect(res.json()).toMatchObject({ code: 'resident_id_invalid', details: { problem } });
    expect((await req('GET', '/api/me', resident)).json().verification).toBe('phone');
  });

  it('needs separate consent for the ID number', async () => {
    const res = await req('POST', '/api/me/verification/real-name', resident, {
      realName: '王小明',
      residentId: ID,
      consentSensitive: false,
    });
    expect(res.statusCode).toBe(400);
  });

  it('accepts a well-formed ID (full-width, lower-case x), keeps it encrypted, records consent and logs the decision without personal data', async () => {
    const res = await req('POST', '/api/me/verification/real-name', resident, {
      realName: '王小明',
      residentId: '１１０１０５１９４９１２３１００２x',
      consentSensitive: true,
    });
    expect(res.statusCode).toBe(204);
    expect((await req('GET', '/api/me', resident)).json().verification).toBe('real_name');
    const rows = JSON.stringify(await ctx.db.kysely.selectFrom('accounts').selectAll().execute());
    expect(rows).not.toContain(ID);
    expect(rows).not.toContain('王小明');
    const consents = (await req('GET', '/api/me/consents', resident))
      .json()
      .items.map((c: { purpose: string }) => c.purpose);
    expect(consents).toEqual(['privacy_notice', 'sensitive_id']);
    const log = (await ctx.db.kysely.selectFrom('log_entries').select('body').execute())
      .map((e) => Buffer.from(e.body).toString('utf8'))
      .join('\n');
    expect(log).toContain('"level":"real_name"');
    expect(log).not.toContain('王小明');
    expect(log).not.toContain('19491231');
  });

  it('refuses an ID number already used, without saying by whom', async () => {
    const res = await req('POST', '/api/me/verification/real-name', neighbour, {
      realName: '李四',
      residentId: ID,
      consentSensitive: true,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('resident_id_taken');
    expect(res.body).not.toContain(resident.accountId);
    expect(res.body).not.toContain('老王');
  });
});

describe('staff: verification queue, in-person check, views with a reason', () => {
  it('shows the queue to the worker of that community only, masked', async () => {
    const queue = (await req('GET', '/api/staff/verification-queue', worker)).json().items;
    expect(queue).toEqual([
      expect.objectContaining({
        id: resident.accountId,
        realNameMasked: '王**',
        residentIdMasked: '110***********002X',
        phoneMasked: '136****0001',
      }),
    ]);
    expect((await req('GET', '/api/staff/verification-queue', otherWorker)).json().items).toEqual([]);
    expect((await req('GET', '/api/staff/verification-queue', neighbour)).statusCode).toBe(403);
  });

  it('lets only a covering worker see a full value, with a reason the person then sees', async () => {
    const body = { field: 'phone', reason: '上门送物资需要联系' };
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/reveal`, otherWorker, body)).statusCode,
    ).toBe(404);
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/reveal`, neighbour, body)).statusCode,
    ).toBe(404);
    expect(
      (
        await req('POST', `/api/staff/accounts/${resident.accountId}/reveal`, worker, {
          field: 'phone',
          reason: '',
        })
      ).statusCode,
    ).toBe(400);
    const seen = await req('POST', `/api/staff/accounts/${resident.accountId}/reveal`, worker, body);
    expect(seen.json()).toEqual({ value: '13600000001' });
    const access = (await req('GET', '/api/me/access-log', resident)).json().items;
    expect(access).toEqual([expect.objectContaining({ field: 'phone', reason: '上门送物资需要联系' })]);
    const log = (await ctx.db.kysely.selectFrom('log_entries').select('body').execute())
      .map((e) => Buffer.from(e.body).toString('utf8'))
      .join('\n');
    expect(log).toContain('identity.personal_data_viewed');
    expect(log).not.toContain('上门送物资');
    expect(log).not.toContain('13600000001');
  });

  it('verifies in person only within the worker’s community', async () => {
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/in-person`, otherWorker)).statusCode,
    ).toBe(404);
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/in-person`, worker)).statusCode,
    ).toBe(204);
    expect((await req('GET', '/api/me', resident)).json().verification).toBe('in_person');
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/in-person`, worker)).statusCode,
    ).toBe(409);
  });
});

describe('party membership and consents', () => {
  it('lets a covering worker confirm party membership, logged', async () => {
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/party-member`, otherWorker)).statusCode,
    ).toBe(404);
    expect(
      (await req('POST', `/api/staff/accounts/${resident.accountId}/party-member`, worker)).statusCode,
    ).toBe(204);
    expect((await req('GET', '/api/me', resident)).json().partyMember).toBe(true);
  });

  it('grants and withdraws the record-sharing consent; the privacy notice is withdrawn only by deleting', async () => {
    expect((await req('POST', '/api/me/consents/share_record', neighbour)).statusCode).toBe(204);
    expect((await req('POST', '/api/me/consents/share_record/withdraw', neighbour)).statusCode).toBe(204);
    expect((await req('POST', '/api/me/consents/share_record/withdraw', neighbour)).statusCode).toBe(404);
    expect((await req('POST', '/api/me/consents/privacy_notice/withdraw', neighbour)).statusCode).toBe(409);
    expect((await req('POST', '/api/me/consents/marketing/withdraw', neighbour)).statusCode).toBe(400);
    const items = (await req('GET', '/api/me/consents', neighbour)).json().items;
    expect(items.find((c: { purpose: string }) => c.purpose === 'share_record').withdrawnAt).not.toBeNull();
  });
});

describe('my data: export and deletion', () => {
  it('exports everything held about me, and only me', async () => {
    const mine = (await req('GET', '/api/me/export', resident)).json();
    expect(mine.account).toMatchObject({
      phone: '13600000001',
      realName: '王小明',
      residentId: ID,
      verification: 'in_person',
    });
    expect(mine.personalDataAccess).toHaveLength(1);
    const theirs = (await req('GET', '/api/me/export', neighbour)).json();
    expect(JSON.stringify(theirs)).not.toContain('13600000001');
    expect((await req('GET', '/api/me/export')).statusCode).toBe(401);
  });

  it('deletes my account by destroying my key and pseudonym; the log and receipts still verify', async () => {
    expect((await req('DELETE', '/api/me', resident)).statusCode).toBe(204);
    expect((await req('GET', '/api/me', resident)).statusCode).toBe(401);
    const row = await ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', resident.accountId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'deleted',
      phone_cipher: null,
      name_cipher: null,
      resident_id_cipher: null,
      phone_index: null,
    });
    expect(
      await ctx.db.kysely
        .selectFrom('account_keys')
        .selectAll()
        .where('account_id', '=', resident.accountId)
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await ctx.db.kysely
        .selectFrom('log_salts')
        .selectAll()
        .where('subject', '=', `account:${resident.accountId}`)
        .executeTakeFirst(),
    ).toBeUndefined();
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    const key = parseVerifierKey(sha256, (await ctx.services.trustlog.info()).verifierKey);
    expect((await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] })).problems).toEqual([]);
    // The ID number is free again for a new account.
    expect(
      (
        await req('POST', '/api/me/verification/real-name', neighbour, {
          realName: '李四',
          residentId: ID,
          consentSensitive: true,
        })
      ).statusCode,
    ).toBe(204);
  });
});

describe('verification through the network-ID provider (网号/网证)', () => {
  const sign = (payload: object) => {
    const bytes = Buffer.from(JSON.stringify(payload));
    return `${bytes.toString('base64')}.${Buffer.from(testNetIdSigner.sign(bytes)).toString('base64')}`;
  };

  it('tells a signed-in person where the provider hands off, and nobody else', async () => {
    const status = await ctx.app.inject({
      url: '/api/me/verification/network-id',
      headers: neighbour.headers,
    });
    expect(status.json()).toEqual({
      available: true,
      providerUrl: 'https://netid.test/handoff',
      account: neighbour.accountId,
    });
    expect((await ctx.app.inject({ url: '/api/me/verification/network-id' })).statusCode).toBe(401);
  });

  it('accepts a fresh result signed by the provider for this account, keeping no ID number', async () => {
    const person = await signInOverHttp(ctx.app, ctx.services, '13600000009');
    const wrongAccount = sign({
      account: resident.accountId,
      level: 'real_name',
      at: Date.now(),
      nonce: 'a',
    });
    expect(
      (await req('POST', '/api/me/verification/network-id', person, { result: wrongAccount })).json().code,
    ).toBe('invalid_signature');
    const stale = sign({
      account: person.accountId,
      level: 'real_name',
      at: Date.now() - 3_600_000,
      nonce: 'b',
    });
    expect((await req('POST', '/api/me/verification/network-id', person, { result: stale })).statusCode).toBe(
      400,
    );
    const forged = `${Buffer.from(JSON.stringify({ account: person.accountId, level: 'real_name', at: Date.now() })).toString('base64')}.${Buffer.alloc(64).toString('base64')}`;
    expect(
      (await req('POST', '/api/me/verification/network-id', person, { result: forged })).statusCode,
    ).toBe(400);
    const good = sign({ account: person.accountId, level: 'real_name', at: Date.now(), nonce: 'c' });
    expect((await req('POST', '/api/me/verification/network-id', person, { result: good })).statusCode).toBe(
      204,
    );
    expect((await req('GET', '/api/me', person)).json().verification).toBe('real_name');
    const row = await ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', person.accountId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ resident_id_cipher: null, resident_id_index: null, name_cipher: null });
    const log = (await ctx.db.kysely.selectFrom('log_entries').select('body').execute())
      .map((e) => Buffer.from(e.body).toString('utf8'))
      .join('\n');
    expect(log).toContain('"method":"netid"');
  });
});
