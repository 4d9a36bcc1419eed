import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../common/tlog/bytes.js';
import { parseVerifierKey } from '../../../common/tlog/note.js';
import { checkEntrySignatures, statementMessage } from '../../../common/tlog/statement.js';
import { verifyReceipt } from '../../../common/tlog/verify-receipt.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { SYSTEM } from '../../lib/actor.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';
import { canonicalJson } from '../trustlog/log-entry.js';
import { databaseSource } from '../trustlog/log-sources.js';
import { verifyLog } from '../trustlog/log-verifier.js';

function deviceKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  return { raw, b64: toBase64(raw), sign: (msg: Uint8Array) => new Uint8Array(sign(null, msg, privateKey)) };
}

let ctx: TestContext;
let alice: Awaited<ReturnType<typeof signInOverHttp>>;
let bob: Awaited<ReturnType<typeof signInOverHttp>>;
const aliceKey = deviceKey();
const bobKey = deviceKey();

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  alice = await signInOverHttp(ctx.app, ctx.services, '13800000001');
  bob = await signInOverHttp(ctx.app, ctx.services, '13800000002');
});
afterAll(async () => {
  await ctx.drop();
});

describe('device keys', () => {
  it('registers a browser key, refuses duplicates and malformed keys, and lists only my own', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/device-keys',
      headers: alice.headers,
      payload: { publicKey: aliceKey.b64, label: '我的手机' },
    });
    expect(res.statusCode).toBe(201);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/device-keys',
          headers: bob.headers,
          payload: { publicKey: aliceKey.b64, label: 'x' },
        })
      ).json().code,
    ).toBe('device_key_exists');
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/device-keys',
          headers: bob.headers,
          payload: { publicKey: 'AAAA', label: 'x' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/device-keys',
          headers: { cookie: bob.headers.cookie },
          payload: { publicKey: bobKey.b64, label: 'x' },
        })
      ).json().code,
    ).toBe('csrf_failed');
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/device-keys',
          headers: bob.headers,
          payload: { publicKey: bobKey.b64, label: '平板' },
        })
      ).statusCode,
    ).toBe(201);
    const mine = (await ctx.app.inject({ url: '/api/me/device-keys', headers: alice.headers })).json();
    expect(mine.items.map((k: { publicKey: string }) => k.publicKey)).toEqual([aliceKey.b64]);
    // Bob cannot revoke Alice's key; it is simply not found for him.
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/me/device-keys/${res.json().id}`,
      headers: bob.headers,
    });
    expect(del.statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/me/device-keys' })).statusCode).toBe(401);
  });
});

describe('co-signed statements (相互佐证)', () => {
  const statement = { act: 'handover', item: 'item-123', from: 'p:alice', to: 'p:bob' };
  const kind = 'huts.handover';
  const message = statementMessage(kind, canonicalJson(statement));

  async function append(signers: { accountId: string; publicKey: Uint8Array; signature: Uint8Array }[]) {
    return ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.services.logAppender.appendCoSigned(trx, { kind, v: 1, statement, signers }));
  }

  it('appends a statement both parties signed, which the log verifier and a receipt both check', async () => {
    const appended = await append([
      { accountId: alice.accountId, publicKey: aliceKey.raw, signature: aliceKey.sign(message) },
      { accountId: bob.accountId, publicKey: bobKey.raw, signature: bobKey.sign(message) },
    ]);
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    const key = parseVerifierKey(sha256, (await ctx.services.trustlog.info()).verifierKey);
    expect((await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] })).problems).toEqual([]);
    const receipt = await ctx.services.trustlog.receipt(appended.index);
    const verdict = await verifyReceipt(
      receipt,
      { logKey: key, witnesses: [], minWitnesses: 0 },
      sha256,
      ed25519Verify,
      canonicalJson,
    );
    expect(verdict.ok).toBe(true);
    const entry = verdict.entry as { data: { signatures: { party: string }[] } };
    expect(entry.data.signatures).toHaveLength(2);
    expect(JSON.stringify(entry)).not.toContain(alice.accountId);
    // An entry whose device signature was swapped is caught by the signature check itself.
    const extra = /extra (\S+)/.exec(receipt)![1]!;
    const original = Buffer.from(fromBase64(extra)).toString('utf8');
    const forged = original.replace(
      toBase64(bobKey.sign(message)),
      toBase64(bobKey.sign(new Uint8Array([1]))),
    );
    expect(forged).not.toBe(original);
    expect(await checkEntrySignatures(JSON.parse(original), canonicalJson, ed25519Verify)).toEqual([]);
    expect(await checkEntrySignatures(JSON.parse(forged), canonicalJson, ed25519Verify)).toHaveLength(1);
  });

  it('refuses a bad signature, an unregistered key, or a revoked key, and appends nothing', async () => {
    const before = await ctx.services.trustlog.size();
    const stranger = deviceKey();
    await expect(
      append([{ accountId: alice.accountId, publicKey: aliceKey.raw, signature: bobKey.sign(message) }]),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(
      append([{ accountId: alice.accountId, publicKey: stranger.raw, signature: stranger.sign(message) }]),
    ).rejects.toMatchObject({ code: 'invalid_device_key' });
    await expect(
      append([{ accountId: bob.accountId, publicKey: aliceKey.raw, signature: aliceKey.sign(message) }]),
    ).rejects.toMatchObject({ code: 'invalid_device_key' });
    const keys = (await ctx.app.inject({ url: '/api/me/device-keys', headers: bob.headers })).json().items;
    expect(
      (
        await ctx.app.inject({
          method: 'DELETE',
          url: `/api/me/device-keys/${keys[0].id}`,
          headers: bob.headers,
        })
      ).statusCode,
    ).toBe(204);
    await expect(
      append([{ accountId: bob.accountId, publicKey: bobKey.raw, signature: bobKey.sign(message) }]),
    ).rejects.toMatchObject({ code: 'invalid_device_key' });
    // Only the revocation itself was logged.
    expect(await ctx.services.trustlog.size()).toBe(before + 1);
    expect(
      JSON.parse(Buffer.from((await ctx.services.trustlog.entry(before)).bytes).toString('utf8')).kind,
    ).toBe('identity.device_key_revoked');
  });
});

describe('notifications of log entries that name me', () => {
  it('tells each party, in the same transaction, and lets them mark all read', async () => {
    const list = (await ctx.app.inject({ url: '/api/me/notifications', headers: alice.headers })).json();
    const kinds = list.items.map((n: { payload: { kind: string } }) => n.payload.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['identity.account_created', 'identity.device_key_added', 'huts.handover']),
    );
    expect(list.unread).toBe(list.items.length);
    for (const n of list.items) expect(n.kind).toBe('trustlog.entry');
    const marked = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/notifications/read',
      headers: alice.headers,
    });
    expect(marked.json().marked).toBe(list.items.length);
    expect(
      (await ctx.app.inject({ url: '/api/me/notifications', headers: alice.headers })).json().unread,
    ).toBe(0);
    expect((await ctx.app.inject({ url: '/api/me/notifications' })).statusCode).toBe(401);
  });
});
