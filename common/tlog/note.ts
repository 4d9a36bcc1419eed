import { concat, equalBytes, fromBase64, fromUtf8, readUint64be, toBase64, toHex, utf8 } from './bytes.js';
import type { Sha256 } from './merkle.js';

/**
 * C2SP signed-note: a UTF-8 text body, a blank line, and signature lines
 * `— <key name> base64(key ID ‖ signature)`. Key ID = first 4 bytes of
 * SHA-256(name ‖ 0x0A ‖ type ‖ public key). Types: 0x01 Ed25519 note signatures, 0x04 Ed25519
 * witness cosignatures (C2SP tlog-cosignature, `cosignature/v1`).
 */
export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;
const EM_DASH = '\u2014';

export class NoteError extends Error {
  override name = 'NoteError';
}

/** Ed25519 verification, injected: node:crypto on the server, WebCrypto in the browser. */
export type Ed25519Verify = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>;

export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  type: number;
  publicKey: Uint8Array;
  /** The `name+hex+base64` text form. */
  text: string;
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** Signature bytes after the key ID (64 for Ed25519; 8 + 64 for cosignatures). */
  signature: Uint8Array;
  line: string;
}

export interface Note {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function keyIdOf(sha256: Sha256, name: string, type: number, publicKey: Uint8Array): Uint8Array {
  return sha256(concat(utf8(name), new Uint8Array([0x0a, type]), publicKey)).slice(0, 4);
}

export function formatVerifierKey(sha256: Sha256, name: string, type: number, publicKey: Uint8Array): string {
  if (!validName(name)) throw new NoteError(`invalid key name "${name}"`);
  const keyId = keyIdOf(sha256, name, type, publicKey);
  return `${name}+${toHex(keyId)}+${toBase64(concat(new Uint8Array([type]), publicKey))}`;
}

/** Parses `name+keyid+base64(type‖key)` and checks the key ID. */
export function parseVerifierKey(sha256: Sha256, text: string): VerifierKey {
  // The name cannot contain '+', the key ID is hex; the base64 key may contain '+'.
  const m = /^([^+]+)\+([^+]+)\+(.+)$/.exec(text.trim());
  if (!m) throw new NoteError('verifier key must be name+keyid+key');
  const [, name, hexId, b64] = m as unknown as [string, string, string, string];
  if (!validName(name)) throw new NoteError('invalid verifier key name');
  if (!/^[0-9a-f]{8}$/.test(hexId)) throw new NoteError('invalid verifier key ID');
  let raw: Uint8Array;
  try {
    raw = fromBase64(b64);
  } catch {
    throw new NoteError('invalid verifier key encoding');
  }
  const type = raw[0];
  const publicKey = raw.slice(1);
  if ((type !== ED25519 && type !== COSIGNATURE_V1) || publicKey.length !== 32) {
    throw new NoteError('unsupported verifier key type');
  }
  const keyId = keyIdOf(sha256, name, type, publicKey);
  if (toHex(keyId) !== hexId) throw new NoteError('verifier key ID does not match the key');
  return { name, keyId, type, publicKey, text: text.trim() };
}

/** Splits a signed note into its text and signature lines; throws on anything malformed. */
export function parseNote(note: string): Note {
  if (note.length > 1_000_000) throw new NoteError('note too large');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('note has no signature block');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteError('signature block must end with a newline');
  const signatures: NoteSignature[] = [];
  for (const line of block.slice(0, -1).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m) throw new NoteError(`malformed signature line: ${line.slice(0, 80)}`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(m[2]!);
    } catch {
      throw new NoteError('signature is not base64');
    }
    if (bytes.length < 5) throw new NoteError('signature too short');
    signatures.push({ name: m[1]!, keyId: bytes.slice(0, 4), signature: bytes.slice(4), line });
  }
  if (signatures.length === 0) throw new NoteError('note has no signatures');
  return { text, signatures };
}

export function signatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${EM_DASH} ${name} ${toBase64(concat(keyId, signature))}`;
}

export function formatNote(text: string, lines: readonly string[]): string {
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** The message a witness signs for a checkpoint at `timestamp` (C2SP tlog-cosignature). */
export function cosignatureMessage(checkpointText: string, timestamp: bigint): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

function sigsFor(note: Note, key: VerifierKey): NoteSignature[] {
  return note.signatures.filter((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
}

/** True when `note` carries a valid Ed25519 note signature by `key` (type 0x01). */
export async function verifyNoteSignature(
  note: Note,
  key: VerifierKey,
  verify: Ed25519Verify,
): Promise<boolean> {
  if (key.type !== ED25519) throw new NoteError('not a note signing key');
  for (const sig of sigsFor(note, key)) {
    if (sig.signature.length === 64 && (await verify(key.publicKey, utf8(note.text), sig.signature)))
      return true;
  }
  return false;
}

/** The timestamp of a valid cosignature by `key` (type 0x04), or null when there is none. */
export async function verifyCosignature(
  note: Note,
  key: VerifierKey,
  verify: Ed25519Verify,
): Promise<bigint | null> {
  if (key.type !== COSIGNATURE_V1) throw new NoteError('not a cosignature key');
  for (const sig of sigsFor(note, key)) {
    if (sig.signature.length !== 72) continue;
    const timestamp = readUint64be(sig.signature, 0);
    if (await verify(key.publicKey, cosignatureMessage(note.text, timestamp), sig.signature.slice(8)))
      return timestamp;
  }
  return null;
}

export { fromUtf8 };
