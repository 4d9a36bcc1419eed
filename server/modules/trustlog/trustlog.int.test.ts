import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../../../common/tlog/bytes.js';
import { parseCheckpoint } from '../../../common/tlog/checkpoint.js';
import {
  consistencyRanges,
  inclusionRanges,
  leafHash,
  naiveRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../../common/tlog/merkle.js';
import { parseNote, parseVerifierKey, verifyNoteSignature } from '../../../common/tlog/note.js';
import { decodeBundle } from '../../../common/tlog/tiles.js';
import { verifyReceipt } from '../../../common/tlog/verify-receipt.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { SYSTEM } from '../../lib/actor.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';
import { LogAppender } from './log-appender.js';
import { databaseSource, httpSource } from './log-sources.js';
import { verifyLog } from './log-verifier.js';

let ctx: TestContext;
let entries: Uint8Array[] = [];
let serial = 0;

async function append(count: number, tag = 'e') {
  const appended = await ctx.db.kysely.transaction().execute((trx) =>
    ctx.services.logAppender.append(
      trx,
      Array.from({ length: count }, (_, i) => ({
        kind: 'test.event',
        v: 1,
        data: { tag, n: i, serial: serial++ },
      })),
    ),
  );
  return appended;
}

async function allEntries(): Promise<Uint8Array[]> {
  const rows = await ctx.db.kysely.selectFrom('log_entries').select(['idx', 'body']).orderBy('idx').execute();
  return rows.map((r) => new Uint8Array(r.body));
}

beforeAll(async () => {
  ctx = await createTestApp([]);
});
afterAll(async () => {
  await ctx.drop();
});

describe('appending', () => {
  it('stores a tree whose roots and proofs match the naive RFC 6962 definition at every size', async () => {
    for (const batch of [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 1, 100]) await append(batch);
    entries = await allEntries();
    const leaves = entries.map((e) => leafHash(sha256, e));
    expect(await ctx.services.trustlog.size()).toBe(leaves.length);
    const tree = (ctx.services.trustlog as unknown as { tree: { root(n: number): Promise<Uint8Array> } })
      .tree;
    for (let n = 0; n <= leaves.length; n += n < 40 ? 1 : 17) {
      expect(toBase64(await tree.root(n))).toBe(toBase64(naiveRoot(sha256, leaves.slice(0, n))));
    }
    for (const [index, size] of [
      [0, 1],
      [5, 6],
      [100, 333],
      [332, 333],
      [64, 128],
    ] as const) {
      const proof = await ctx.services.trustlog.inclusionProof(index, size);
      expect(proof.map(toBase64)).toEqual(
        inclusionRanges(index, size).map((r) => toBase64(naiveRoot(sha256, leaves.slice(r.start, r.end)))),
      );
      verifyInclusion(
        sha256,
        BigInt(index),
        BigInt(size),
        leaves[index]!,
        proof,
        naiveRoot(sha256, leaves.slice(0, size)),
      );
    }
    for (const [m, n] of [
      [1, 333],
      [128, 333],
      [200, 201],
      [0, 5],
      [333, 333],
    ] as const) {
      const proof = await ctx.services.trustlog.consistencyProof(m, n);
      expect(proof.map(toBase64)).toEqual(
        consistencyRanges(m, n).map((r) => toBase64(naiveRoot(sha256, leaves.slice(r.start, r.end)))),
      );
      verifyConsistency(
        sha256,
        BigInt(m),
        BigInt(n),
        proof,
        naiveRoot(sha256, leaves.slice(0, m)),
        naiveRoot(sha256, leaves.slice(0, n)),
      );
    }
  });

  it('encodes entries as canonical JSON with kind, version and time', () => {
    const first = JSON.parse(fromUtf8(entries[0]!));
    expect(Object.keys(first)).toEqual(['at', 'data', 'kind', 'v']);
    expect(first).toMatchObject({ kind: 'test.event', v: 1, data: { n: 0, serial: 0, tag: 'e' } });
  });

  it('gives concurrent appenders gap-free, strictly increasing indices', async () => {
    const before = await ctx.services.trustlog.size();
    const results = await Promise.all(Array.from({ length: 12 }, (_, t) => append(5, `t${t}`)));
    const indices = results
      .flat()
      .map((r) => r.index)
      .sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 60 }, (_, i) => before + i));
    for (const r of results)
      expect(r.map((e) => e.index)).toEqual(Array.from({ length: 5 }, (_, i) => r[0]!.index + i));
    entries = await allEntries();
    const leaves = entries.map((e) => leafHash(sha256, e));
    const tree = (ctx.services.trustlog as unknown as { tree: { root(n: number): Promise<Uint8Array> } })
      .tree;
    expect(toBase64(await tree.root(leaves.length))).toBe(toBase64(naiveRoot(sha256, leaves)));
  });

  it('appends nothing when the caller’s transaction rolls back', async () => {
    const before = await ctx.services.trustlog.size();
    await expect(
      ctx.db.kysely.transaction().execute(async (trx) => {
        await ctx.services.logAppender.append(trx, [{ kind: 'test.event', v: 1, data: {} }]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await ctx.services.trustlog.size()).toBe(before);
    await append(1);
    expect(await ctx.services.trustlog.size()).toBe(before + 1);
  });

  it('refuses malformed entries', async () => {
    await expect(
      ctx.db.kysely
        .transaction()
        .execute((trx) => ctx.services.logAppender.append(trx, [{ kind: 'Bad Kind', v: 1, data: {} }])),
    ).rejects.toThrow(/module\.event/);
    await expect(
      ctx.db.kysely
        .transaction()
        .execute((trx) =>
          ctx.services.logAppender.append(trx, [{ kind: 'test.big', v: 1, data: { x: 'x'.repeat(70_000) } }]),
        ),
    ).rejects.toThrow(/64 KiB/);
  });
});

describe('pseudonyms', () => {
  it('are stable per subject, unlinkable after shredding, and never break verification', async () => {
    const p1 = await ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.services.logAppender.pseudonym(trx, 'person:42'));
    const p2 = await ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.services.logAppender.pseudonym(trx, 'person:42'));
    expect(p1).toBe(p2);
    expect(p1).toMatch(/^p:[A-Za-z0-9+/]{43}=$/);
    await ctx.db.kysely
      .transaction()
      .execute((trx) =>
        ctx.services.logAppender.append(trx, [{ kind: 'test.person', v: 1, data: { actor: p1 } }]),
      );
    expect(await ctx.services.trustlog.shred(SYSTEM, 'person:42')).toBe(true);
    const p3 = await ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.services.logAppender.pseudonym(trx, 'person:42'));
    expect(p3).not.toBe(p1);
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    const key = parseVerifierKey(sha256, (await ctx.services.trustlog.info()).verifierKey);
    expect((await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] })).ok).toBe(true);
  });
});

describe('checkpoints and the HTTP API', () => {
  let base: string;
  beforeAll(async () => {
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  it('serves a signed checkpoint that verifies with the published key and matches the entries', async () => {
    const text = await (await fetch(`${base}/api/log/checkpoint`)).text();
    const info = await (await fetch(`${base}/api/log/info`)).json();
    const note = parseNote(text);
    expect(await verifyNoteSignature(note, parseVerifierKey(sha256, info.verifierKey), ed25519Verify)).toBe(
      true,
    );
    const cp = parseCheckpoint(note.text);
    expect(cp.origin).toBe('linli.test/log');
    const all = await allEntries();
    expect(Number(cp.size)).toBe(all.length);
    expect(toBase64(cp.root)).toBe(
      toBase64(
        naiveRoot(
          sha256,
          all.map((e) => leafHash(sha256, e)),
        ),
      ),
    );
  });

  it('serves inclusion (by index and by hash) and consistency proofs that verify', async () => {
    const note = parseNote(await (await fetch(`${base}/api/log/checkpoint`)).text());
    const cp = parseCheckpoint(note.text);
    const byIndex = await (await fetch(`${base}/api/log/proof/inclusion?index=7`)).json();
    verifyInclusion(
      sha256,
      7n,
      cp.size,
      fromBase64(byIndex.leafHash),
      byIndex.proof.map(fromBase64),
      cp.root,
    );
    const byHash = await (
      await fetch(`${base}/api/log/proof/inclusion?hash=${encodeURIComponent(byIndex.leafHash)}`)
    ).json();
    expect(byHash.index).toBe(7);
    const cons = await (await fetch(`${base}/api/log/proof/consistency?from=10&to=${cp.size}`)).json();
    const all = (await allEntries()).map((e) => leafHash(sha256, e));
    verifyConsistency(
      sha256,
      10n,
      cp.size,
      cons.proof.map(fromBase64),
      naiveRoot(sha256, all.slice(0, 10)),
      cp.root,
    );
  });

  it('serves C2SP tiles: entry bundles and level-0 hash tiles, full and partial', async () => {
    const all = await allEntries();
    const bundle = decodeBundle(
      new Uint8Array(await (await fetch(`${base}/api/log/tile/entries/000`)).arrayBuffer()),
    );
    expect(bundle.map(toBase64)).toEqual(all.slice(0, 256).map(toBase64));
    const partialWidth = all.length - 256;
    const partial = decodeBundle(
      new Uint8Array(await (await fetch(`${base}/api/log/tile/entries/001.p/${partialWidth}`)).arrayBuffer()),
    );
    expect(partial).toHaveLength(partialWidth);
    const tile = new Uint8Array(await (await fetch(`${base}/api/log/tile/0/000`)).arrayBuffer());
    expect(tile.length).toBe(256 * 32);
    expect(toBase64(tile.slice(32, 64))).toBe(toBase64(leafHash(sha256, all[1]!)));
    const full = await fetch(`${base}/api/log/tile/entries/000`);
    expect(full.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/api/log/tile/entries/009`)).status).toBe(404);
    expect((await fetch(`${base}/api/log/tile/0/9`)).status).toBe(404);
  });

  it('issues receipts in the tlog-proof format that verify offline, and refuses a doctored one', async () => {
    const receipt = await (await fetch(`${base}/api/log/receipt/3`)).text();
    const key = parseVerifierKey(sha256, (await ctx.services.trustlog.info()).verifierKey);
    const verdict = await verifyReceipt(
      receipt,
      { logKey: key, witnesses: [], minWitnesses: 0 },
      sha256,
      ed25519Verify,
    );
    expect(verdict).toMatchObject({ ok: true, index: 3n });
    expect(verdict.entry).toMatchObject({ kind: 'test.event' });
    const extra = /extra (\S+)/.exec(receipt)![1]!;
    const forged = receipt.replace(
      extra,
      toBase64(utf8(fromUtf8(fromBase64(extra)).replace('"tag":"', '"tag":"X'))),
    );
    expect(
      (await verifyReceipt(forged, { logKey: key, witnesses: [], minWitnesses: 0 }, sha256, ed25519Verify))
        .ok,
    ).toBe(false);
    expect(
      (
        await verifyReceipt(
          receipt,
          { logKey: key, witnesses: [key], minWitnesses: 1 },
          sha256,
          ed25519Verify,
        )
      ).ok,
    ).toBe(false);
  });

  it('answers bad input with problems', async () => {
    const size = await ctx.services.trustlog.size();
    const cases: [string, number, string][] = [
      [`/api/log/proof/inclusion?index=${size + 5}`, 404, 'log_entry_not_found'],
      [`/api/log/proof/inclusion?index=1&size=${size + 10}`, 400, 'log_range'],
      ['/api/log/proof/inclusion?index=-1', 400, 'validation_failed'],
      ['/api/log/proof/inclusion', 400, 'validation_failed'],
      ['/api/log/proof/inclusion?hash=AAAA', 400, 'validation_failed'],
      [`/api/log/proof/consistency?from=5&to=${size + 1}`, 400, 'log_range'],
      ['/api/log/proof/consistency?from=9&to=3', 400, 'validation_failed'],
      [`/api/log/entries/${size}`, 404, 'log_entry_not_found'],
      [`/api/log/receipt/${size + 1}`, 404, 'log_entry_not_found'],
    ];
    for (const [path, status, code] of cases) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(status);
      expect((await res.json()).code, path).toBe(code);
    }
  });

  it('prints a poster with the short root hash and a QR code', async () => {
    const html = await (await fetch(`${base}/api/log/poster`)).text();
    const cp = parseCheckpoint(parseNote(await (await fetch(`${base}/api/log/checkpoint`)).text()).text);
    expect(html).toContain('<svg');
    expect(html).toContain(String(cp.size));
    expect(html).toContain('本周检查点');
  });

  it('verifies the whole log from the database and over HTTP', async () => {
    const key = parseVerifierKey(sha256, (await ctx.services.trustlog.info()).verifierKey);
    const fromDb = await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] });
    expect(fromDb).toMatchObject({ ok: true, problems: [] });
    const overHttp = await verifyLog(httpSource(base), { log: key, witnesses: [] });
    expect(overHttp).toMatchObject({ ok: true, problems: [] });
    expect(overHttp.size).toBe(fromDb.size);
  });

  it('names the first bad index when a stored entry is altered in the database', async () => {
    const key = parseVerifierKey(sha256, (await ctx.services.trustlog.info()).verifierKey);
    const victim = 123;
    const [row] = await ctx.db.kysely
      .selectFrom('log_entries')
      .select('body')
      .where('idx', '=', victim)
      .execute();
    const altered = utf8(fromUtf8(new Uint8Array(row!.body)).replace('"n":', '"n":9'));
    await sql`update log_entries set body = ${altered} where idx = ${victim}`.execute(ctx.db.kysely);
    const report = await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] });
    expect(report.ok).toBe(false);
    expect(report.firstBadIndex).toBe(victim);
    // Recomputing the stored leaf hash too is caught by the signed checkpoint.
    await sql`update log_hashes set hash = ${leafHash(sha256, altered)} where level = 0 and idx = ${victim}`.execute(
      ctx.db.kysely,
    );
    const again = await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] });
    expect(again.ok).toBe(false);
    expect(again.problems.join('\n')).toMatch(
      /does not match the entries: an entry in \[\d+, \d+\) was altered/,
    );
    await sql`update log_entries set body = ${row!.body} where idx = ${victim}`.execute(ctx.db.kysely);
    await sql`update log_hashes set hash = ${leafHash(sha256, new Uint8Array(row!.body))} where level = 0 and idx = ${victim}`.execute(
      ctx.db.kysely,
    );
    expect((await verifyLog(databaseSource(ctx.db), { log: key, witnesses: [] })).ok).toBe(true);
  });
});

describe('cross-check with Sigstore’s verifier (@sigstore/verify)', () => {
  // Sigstore's Rekor client checks signed-note checkpoints and RFC 6962 inclusion the same way;
  // its tlog authority is found by the 4-byte key hint, which for a C2SP note is the key ID.
  const require = createRequire(import.meta.url);
  const { verifyTLogInclusion } = require('@sigstore/verify/dist/tlog/index.js') as {
    verifyTLogInclusion(entry: unknown, tlogs: unknown[]): void;
  };
  const { createPublicKey } = require('node:crypto') as typeof import('node:crypto');

  async function sigstoreEntry(index: number) {
    const trustlog = ctx.services.trustlog;
    const { size, text } = await trustlog.currentCheckpoint();
    const proof = await trustlog.inclusionProof(index, size);
    const entry = await trustlog.entry(index);
    const key = parseVerifierKey(sha256, (await trustlog.info()).verifierKey);
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') },
      format: 'jwk',
    });
    const tlog = {
      logID: Buffer.concat([Buffer.from(key.keyId), Buffer.alloc(28)]),
      baseURL: key.name,
      publicKey,
      validFor: { start: new Date(0), end: new Date(8.64e15) },
    };
    const tlogEntry = {
      logIndex: String(index),
      logId: { keyId: tlog.logID },
      kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
      integratedTime: '0',
      canonicalizedBody: Buffer.from(entry.bytes),
      inclusionProof: {
        logIndex: String(index),
        rootHash: Buffer.alloc(32),
        treeSize: String(size),
        hashes: proof.map((h) => Buffer.from(h)),
        checkpoint: { envelope: text },
      },
    };
    return { tlogEntry, tlog };
  }

  it('accepts Linli’s signed checkpoint and inclusion proof', async () => {
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    const { tlogEntry, tlog } = await sigstoreEntry(42);
    expect(() => verifyTLogInclusion(tlogEntry, [tlog])).not.toThrow();
  });

  it('rejects a tampered entry, proof or checkpoint', async () => {
    const { tlogEntry, tlog } = await sigstoreEntry(42);
    const badBody = { ...tlogEntry, canonicalizedBody: Buffer.from('{"tampered":true}') };
    expect(() => verifyTLogInclusion(badBody, [tlog])).toThrow();
    const badProof = {
      ...tlogEntry,
      inclusionProof: {
        ...tlogEntry.inclusionProof,
        hashes: tlogEntry.inclusionProof.hashes.map((h, i) => (i === 0 ? Buffer.alloc(32, 1) : h)),
      },
    };
    expect(() => verifyTLogInclusion(badProof, [tlog])).toThrow();
    const envelope = tlogEntry.inclusionProof.checkpoint.envelope;
    const lines = envelope.split('\n');
    lines[1] = String(Number(lines[1]) + 1);
    const badCheckpoint = {
      ...tlogEntry,
      inclusionProof: { ...tlogEntry.inclusionProof, checkpoint: { envelope: lines.join('\n') } },
    };
    expect(() => verifyTLogInclusion(badCheckpoint, [tlog])).toThrow();
  });
});

describe('division imports are logged', () => {
  it('appends one divisions.import entry per import that changed something', async () => {
    const before = await ctx.services.trustlog.size();
    await ctx.services.divisions.importArea(SYSTEM, '110105009');
    await ctx.services.divisions.importArea(SYSTEM, '110105009');
    expect(await ctx.services.trustlog.size()).toBe(before + 1);
    const entry = await ctx.services.trustlog.entry(before);
    expect(JSON.parse(fromUtf8(entry.bytes))).toMatchObject({
      kind: 'divisions.import',
      v: 1,
      data: { code: '110105009000', divisions: 18, inserted: 18 },
    });
  });
});

describe('remembered pseudonyms', () => {
  it('are remembered once their salt is committed, never from the transaction that made it, and forgotten when shredded', async () => {
    let now = 1_000_000;
    const appender = new LogAppender(ctx.db.dialect, undefined, undefined, () => now);
    const pseudonym = (subject: string) =>
      ctx.db.kysely.transaction().execute((trx) => appender.pseudonym(trx, subject));
    const deleteSalt = (subject: string) =>
      ctx.db.kysely.deleteFrom('log_salts').where('subject', '=', subject).execute();

    // A salt made in a transaction that rolls back is never remembered, even if read twice in it.
    let rolledBack = '';
    await ctx.db.kysely
      .transaction()
      .execute(async (trx) => {
        rolledBack = await appender.pseudonym(trx, 'cache:rolled-back');
        expect(await appender.pseudonym(trx, 'cache:rolled-back')).toBe(rolledBack);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await pseudonym('cache:rolled-back')).not.toBe(rolledBack);

    // A salt just made is not remembered by the transaction that made it.
    const young = await pseudonym('cache:young');
    now += 1_000;
    await deleteSalt('cache:young');
    expect(await pseudonym('cache:young')).not.toBe(young);

    // A settled salt is remembered, until this process shreds it …
    const settled = await pseudonym('cache:settled');
    now += 20_000;
    expect(await pseudonym('cache:settled')).toBe(settled);
    await ctx.db.kysely.transaction().execute((trx) => appender.shred(trx, 'cache:settled'));
    expect(await pseudonym('cache:settled')).not.toBe(settled);

    // … or, deleted by another process, for at most a minute.
    const other = await pseudonym('cache:other');
    now += 20_000;
    expect(await pseudonym('cache:other')).toBe(other);
    await deleteSalt('cache:other');
    now += 61_000;
    expect(await pseudonym('cache:other')).not.toBe(other);
  });
});
