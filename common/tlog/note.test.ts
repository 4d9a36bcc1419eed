import { describe, expect, it } from 'vitest';
import { ed25519FromSeed, ed25519Verify, sha256 } from '../../server/lib/crypto.js';
import { fromBase64, fromHex, toHex } from './bytes.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import {
  COSIGNATURE_V1,
  cosignatureMessage,
  formatNote,
  formatVerifierKey,
  keyIdOf,
  NoteError,
  parseNote,
  parseVerifierKey,
  signatureLine,
  verifyCosignature,
  verifyNoteSignature,
} from './note.js';
import { formatReceipt, parseReceipt } from './receipt.js';
import vectors from './testdata/signed-notes.json' with { type: 'json' };
import { decodeBundle, decodeTilePath, encodeBundle, encodeTileIndex } from './tiles.js';

const valid = vectors.valid;

describe('C2SP signed-note vectors', () => {
  it('verifies the C2SP example and the real sum.golang.org tree head', async () => {
    for (const v of [valid[0]!, valid[2]!]) {
      const key = parseVerifierKey(sha256, v.vkey!);
      const note = parseNote(`${v.text}\n${v.signature_line}\n`);
      expect(await verifyNoteSignature(note, key, ed25519Verify)).toBe(true);
    }
  });

  it('verifies both signers of the Go test note, and signing with the published key reproduces it byte for byte', async () => {
    const v = valid[1]!;
    const note = parseNote(`${v.text}\n${v.signature_lines!.join('\n')}\n`);
    for (const vkey of v.vkeys!)
      expect(await verifyNoteSignature(note, parseVerifierKey(sha256, vkey), ed25519Verify)).toBe(true);
    // PRIVATE+KEY+name+keyid+base64(type ‖ seed)
    const [, name, hexId, b64] = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(v.skey!) as unknown as [
      string,
      string,
      string,
      string,
    ];
    const seed = fromBase64(b64).slice(1);
    const signer = ed25519FromSeed(seed);
    const signature = signer.sign(new TextEncoder().encode(v.text));
    expect(signatureLine(name, fromHex(hexId), signature)).toBe(v.signature_lines![0]);
    expect(formatVerifierKey(sha256, name, 1, signer.publicKey)).toBe(v.vkeys![0]);
  });

  it('refuses a signature over a different text (the spec example with the Go signature)', async () => {
    for (const v of vectors.invalid) {
      const note = parseNote(`${v.text}\n${v.signature_line}\n`);
      expect(await verifyNoteSignature(note, parseVerifierKey(sha256, v.vkey), ed25519Verify)).toBe(false);
      expect(parseCheckpoint(note.text).origin).toBe('example.com/behind-the-sofa');
    }
  });

  it('parses the cosignature vectors', () => {
    const [line, vkey] = vectors.cosignature_parse as unknown as [
      { signature_b64: string; key_id_hex: string; timestamp: number; length_bytes: number },
      { vkey: string },
    ];
    const bytes = fromBase64(line.signature_b64);
    expect(bytes.length).toBe(line.length_bytes);
    expect(toHex(bytes.slice(0, 4))).toBe(line.key_id_hex);
    expect(Number(new DataView(bytes.buffer, bytes.byteOffset + 4, 8).getBigUint64(0))).toBe(line.timestamp);
    expect(parseVerifierKey(sha256, vkey.vkey).type).toBe(COSIGNATURE_V1);
  });

  it('makes and verifies cosignatures, and refuses one over another checkpoint', async () => {
    const seed = new Uint8Array(32).fill(7);
    const witness = ed25519FromSeed(seed);
    const vkey = parseVerifierKey(
      sha256,
      formatVerifierKey(sha256, 'witness.example', COSIGNATURE_V1, witness.publicKey),
    );
    const text = formatCheckpoint({ origin: 'linli.test/log', size: 5n, root: new Uint8Array(32) });
    const ts = 1_700_000_000n;
    const sigBytes = new Uint8Array([...new Uint8Array(8)]);
    new DataView(sigBytes.buffer).setBigUint64(0, ts);
    const sig = witness.sign(cosignatureMessage(text, ts));
    const line = signatureLine('witness.example', vkey.keyId, new Uint8Array([...sigBytes, ...sig]));
    expect(await verifyCosignature(parseNote(formatNote(text, [line])), vkey, ed25519Verify)).toBe(ts);
    const other = formatCheckpoint({ origin: 'linli.test/log', size: 6n, root: new Uint8Array(32) });
    expect(await verifyCosignature(parseNote(formatNote(other, [line])), vkey, ed25519Verify)).toBeNull();
  });

  it.each([
    ['no blank line', 'a\n— k AAAAAAA=\n'],
    ['no signatures', 'a\n\n'],
    ['bad line', 'a\n\nnot a signature\n'],
    ['not base64', 'a\n\n— k @@@@\n'],
    ['missing final newline', 'a\n\n— k AAAAAAAA'],
  ])('refuses a malformed note: %s', (_, text) => {
    expect(() => parseNote(text)).toThrow(NoteError);
  });

  it('refuses verifier keys with a wrong ID, type or shape', () => {
    const good = valid[0]!.vkey!;
    expect(() => parseVerifierKey(sha256, good.replace('530d903a', '530d903b'))).toThrow(/does not match/);
    expect(() => parseVerifierKey(sha256, 'a+b')).toThrow(NoteError);
    expect(() =>
      parseVerifierKey(sha256, 'a b+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'),
    ).toThrow(NoteError);
    expect(keyIdOf(sha256, 'x', 1, new Uint8Array(32))).toHaveLength(4);
  });
});

describe('checkpoints, receipts and tiles', () => {
  it('round-trips checkpoints and refuses malformed ones', () => {
    const text = formatCheckpoint({
      origin: 'o',
      size: 2n ** 63n,
      root: new Uint8Array(32).fill(1),
      extensions: ['x'],
    });
    expect(parseCheckpoint(text)).toMatchObject({ origin: 'o', size: 2n ** 63n, extensions: ['x'] });
    for (const bad of [
      'o\n01\nAAAA\n',
      'o\n1\nAAAA\n',
      `o\n-1\n${'A'.repeat(43)}=\n`,
      'o\n1\n',
      `o\n${2n ** 64n}\n${'A'.repeat(43)}=\n`,
    ]) {
      expect(() => parseCheckpoint(bad)).toThrow();
    }
  });

  it('round-trips receipts in the tlog-proof format', () => {
    const r = {
      extra: new Uint8Array([1, 2]),
      index: 12345678901234567n,
      proof: [new Uint8Array(32).fill(3)],
      checkpoint: 'o\n1\nAA\n\n— o AAAA\n',
    };
    const text = formatReceipt(r);
    expect(text.startsWith('c2sp.org/tlog-proof@v1\nextra AQI=\nindex 12345678901234567\n')).toBe(true);
    expect(parseReceipt(text)).toEqual(r);
    expect(() => parseReceipt(text.replace('index', 'idx'))).toThrow();
    expect(() => parseReceipt(text.replace('c2sp.org', 'example.org'))).toThrow();
  });

  it('encodes tile paths and entry bundles as C2SP tlog-tiles does', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(5)).toBe('005');
    expect(decodeTilePath('x001/x234/067')).toEqual({ index: 1234067, width: 256 });
    expect(decodeTilePath('005.p/17')).toEqual({ index: 5, width: 17 });
    expect(decodeTilePath('5')).toBeNull();
    expect(decodeTilePath('x000/005')).toBeNull();
    expect(decodeTilePath('005.p/256')).toBeNull();
    expect(decodeTilePath('005.p/017')).toBeNull();
    const entries = [new Uint8Array([1]), new Uint8Array(0), new Uint8Array(300).fill(9)];
    expect(decodeBundle(encodeBundle(entries))).toEqual(entries);
  });
});
