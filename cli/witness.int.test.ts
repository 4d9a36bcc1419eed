import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, toBase64, uint64be } from '../common/tlog/bytes.js';
import { formatCheckpoint } from '../common/tlog/checkpoint.js';
import {
  COSIGNATURE_V1,
  cosignatureMessage,
  ED25519,
  formatNote,
  parseNote,
  parseVerifierKey,
  signatureLine,
  verifyCosignature,
} from '../common/tlog/note.js';
import { SYSTEM } from '../server/lib/actor.js';
import { ed25519FromSeed, ed25519Verify, sha256 } from '../server/lib/crypto.js';
import { projectRoot } from '../server/lib/paths.js';
import { formatSignerKey, parseSignerKey } from '../server/modules/trustlog/signing-key.js';
import { createTestApp, type TestContext } from '../test/helpers/app.js';
import { testLogOptions } from '../test/helpers/services.js';

const run = promisify(execFile);
const linli = join(projectRoot, 'bin/linli.mjs');

interface WitnessProcess {
  child: ChildProcess;
  url: string;
  vkey: string;
  dataDir: string;
}

async function startWitness(
  name: string,
  logVkey: string,
  dataDir = mkdtempSync(join(tmpdir(), 'linli-witness-')),
): Promise<WitnessProcess> {
  const child = spawn(
    process.execPath,
    [linli, 'witness', 'serve', '--data-dir', dataDir, '--name', name, '--log', logVkey, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /witness (\S+) listening on (\S+)/.exec(output);
      if (m) resolve(m[0]);
    });
    child.stderr!.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`witness exited ${code}: ${output}`)));
  });
  const [, vkey, url] = /witness (\S+) listening on (\S+)/.exec(line)!;
  return { child, url: url!, vkey: vkey!, dataDir };
}

async function stop(w: WitnessProcess) {
  if (w.child.exitCode !== null) return;
  w.child.kill('SIGTERM');
  await new Promise((r) => w.child.once('exit', r));
}

const logOptions = testLogOptions();
let ctx: TestContext;
let witnesses: WitnessProcess[] = [];

beforeAll(async () => {
  witnesses = [
    await startWitness('w1.test', logOptions.signer.verifierKey),
    await startWitness('w2.test', logOptions.signer.verifierKey),
  ];
  const { parseWitnesses } = await import('../server/modules/trustlog/witness-client.js');
  ctx = await createTestApp(['440604'], {
    ...logOptions,
    witnesses: parseWitnesses(witnesses.map((w) => `${w.vkey}@${w.url}`).join(',')),
  });
}, 60_000);
afterAll(async () => {
  for (const w of witnesses) {
    await stop(w);
    rmSync(w.dataDir, { recursive: true, force: true });
  }
  await ctx?.drop();
});

async function addCheckpoint(w: WitnessProcess, body: string) {
  const res = await fetch(`${w.url}/add-checkpoint`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain' },
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe('a log with two witness processes', () => {
  it('collects both cosignatures and serves them with the checkpoint, again after the log grows', async () => {
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    let note = parseNote((await ctx.services.trustlog.currentCheckpoint()).text);
    expect(note.signatures.map((s) => s.name)).toEqual(['linli.test/log', 'w1.test', 'w2.test']);
    for (const w of witnesses)
      expect(await verifyCosignature(note, parseVerifierKey(sha256, w.vkey), ed25519Verify)).not.toBeNull();

    await ctx.services.divisions.importArea(SYSTEM, '110105009');
    await ctx.services.trustlog.issueCheckpoint(SYSTEM);
    note = parseNote((await ctx.services.trustlog.currentCheckpoint()).text);
    expect(note.signatures).toHaveLength(3);
    for (const w of witnesses)
      expect(await verifyCosignature(note, parseVerifierKey(sha256, w.vkey), ed25519Verify)).not.toBeNull();
  });

  it('both refuse a forged fork signed with the log key, and a checkpoint signed by another key', async () => {
    const { size } = await ctx.services.trustlog.currentCheckpoint();
    const forged = formatCheckpoint({
      origin: 'linli.test/log',
      size: BigInt(size + 3),
      root: new Uint8Array(32).fill(9),
    });
    const forgedNote = formatNote(forged, [logOptions.signer.signatureLine(forged)]);
    const junkProof = `${toBase64(new Uint8Array(32).fill(1))}\n${toBase64(new Uint8Array(32).fill(2))}\n`;
    const sameSize = formatCheckpoint({
      origin: 'linli.test/log',
      size: BigInt(size),
      root: new Uint8Array(32).fill(7),
    });
    const impostor = parseSignerKey(
      formatSignerKey('linli.test/log', ED25519, new Uint8Array(32).fill(3)),
      ED25519,
    );
    for (const w of witnesses) {
      const fork = await addCheckpoint(w, `old ${size}\n${junkProof}\n${forgedNote}`);
      expect(fork.status).toBe(422);
      const split = await addCheckpoint(
        w,
        `old ${size}\n\n${formatNote(sameSize, [logOptions.signer.signatureLine(sameSize)])}`,
      );
      expect(split.status).toBe(422);
      expect(split.text).toMatch(/not consistent|fork/);
      const wrongKey = await addCheckpoint(
        w,
        `old ${size}\n\n${formatNote(forged, [impostor.signatureLine(forged)])}`,
      );
      expect(wrongKey.status).toBe(403);
      const stale = await addCheckpoint(w, `old 0\n\n${forgedNote}`);
      expect(stale.status).toBe(409);
      expect(stale.type).toContain('text/x.tlog.size');
      expect(stale.text).toBe(`${size}\n`);
      const garbage = await addCheckpoint(w, 'hello');
      expect(garbage.status).toBe(400);
    }
    // The log's own view is untouched and still cosigned by both.
    expect(parseNote((await ctx.services.trustlog.currentCheckpoint()).text).signatures).toHaveLength(3);
  });

  it('remembers what it cosigned across a restart', async () => {
    const { size } = await ctx.services.trustlog.currentCheckpoint();
    const w1 = witnesses[0]!;
    await stop(w1);
    witnesses[0] = await startWitness('w1.test', logOptions.signer.verifierKey, w1.dataDir);
    expect(witnesses[0].vkey).toBe(w1.vkey);
    const text = formatCheckpoint({ origin: 'linli.test/log', size: 1n, root: new Uint8Array(32) });
    const res = await addCheckpoint(
      witnesses[0],
      `old 0\n\n${formatNote(text, [logOptions.signer.signatureLine(text)])}`,
    );
    expect(res.status).toBe(409);
    expect(res.text).toBe(`${size}\n`);
  });

  it('gives receipts that `linli log verify-receipt` accepts with 2 of 2 witnesses, and refuses with a witness that did not sign', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-receipt-'));
    try {
      const file = join(dir, 'r.tlog-proof');
      writeFileSync(file, await ctx.services.trustlog.receipt(0));
      const args = [
        'log',
        'verify-receipt',
        file,
        '--log-key',
        logOptions.signer.verifierKey,
        '--witness',
        witnesses[0]!.vkey,
        '--witness',
        witnesses[1]!.vkey,
      ];
      const ok = await run(process.execPath, [linli, ...args, '--min-witnesses', '2']);
      expect(ok.stdout).toMatch(/✔ entry 0 is in log linli.test\/log/);
      expect(ok.stdout).toContain('cosigned by w1.test');
      const stranger = ed25519FromSeed(new Uint8Array(32).fill(5));
      const { formatVerifierKey } = await import('../common/tlog/note.js');
      const strangerKey = formatVerifierKey(sha256, 'stranger.test', COSIGNATURE_V1, stranger.publicKey);
      const refused = await run(process.execPath, [
        linli,
        'log',
        'verify-receipt',
        file,
        '--log-key',
        logOptions.signer.verifierKey,
        '--witness',
        strangerKey,
        '--min-witnesses',
        '1',
      ]).catch((e) => e);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('only 0 of the required 1 witnesses cosigned');
      // A cosignature made by the stranger over another checkpoint does not count either.
      const ts = 1_700_000_000n;
      const bogus = signatureLine(
        'stranger.test',
        parseVerifierKey(sha256, strangerKey).keyId,
        concat(uint64be(ts), stranger.sign(cosignatureMessage('x\n1\nAA==\n', ts))),
      );
      const receipt = await ctx.services.trustlog.receipt(0);
      writeFileSync(file, `${receipt}${bogus}\n`);
      const stillRefused = await run(process.execPath, [
        linli,
        'log',
        'verify-receipt',
        file,
        '--log-key',
        logOptions.signer.verifierKey,
        '--witness',
        strangerKey,
        '--min-witnesses',
        '1',
      ]).catch((e) => e);
      expect(stillRefused.code).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
