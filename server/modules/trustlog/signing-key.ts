import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromBase64, toBase64, toHex } from '../../../common/tlog/bytes.js';
import { formatVerifierKey, keyIdOf, signatureLine } from '../../../common/tlog/note.js';
import { StartupError } from '../../errors.js';
import { ed25519FromSeed, sha256 } from '../../lib/crypto.js';

/**
 * An Ed25519 signing key in the signed-note text form `PRIVATE+KEY+name+keyid+base64(type‖seed)`
 * (as Go's golang.org/x/mod/sumdb/note writes it), with its verifier key and a signer.
 */
export interface NoteSigner {
  name: string;
  type: number;
  keyId: Uint8Array;
  publicKey: Uint8Array;
  /** `name+keyid+base64(type‖pub)` — what verifiers configure. */
  verifierKey: string;
  /** Raw Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array;
  /** The signed-note signature line over `text`. */
  signatureLine(text: string): string;
}

export function formatSignerKey(name: string, type: number, seed: Uint8Array): string {
  const pair = ed25519FromSeed(seed);
  return `PRIVATE+KEY+${name}+${toHex(keyIdOf(sha256, name, type, pair.publicKey))}+${toBase64(new Uint8Array([type, ...seed]))}`;
}

export function parseSignerKey(text: string, expectedType: number): NoteSigner {
  const m = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (!m) throw new Error('not a PRIVATE+KEY+name+keyid+key signing key');
  const [, name, hexId, b64] = m as unknown as [string, string, string, string];
  const raw = fromBase64(b64);
  if (raw[0] !== expectedType || raw.length !== 33)
    throw new Error(`signing key must be type 0x0${expectedType} Ed25519`);
  const pair = ed25519FromSeed(raw.slice(1));
  const keyId = keyIdOf(sha256, name, expectedType, pair.publicKey);
  if (toHex(keyId) !== hexId) throw new Error('signing key ID does not match the key');
  return {
    name,
    type: expectedType,
    keyId,
    publicKey: pair.publicKey,
    verifierKey: formatVerifierKey(sha256, name, expectedType, pair.publicKey),
    sign: pair.sign,
    signatureLine: (t) => signatureLine(name, keyId, pair.sign(new TextEncoder().encode(t))),
  };
}

/**
 * The key from `fromEnv` when given; otherwise the one in `file`, created there on first use with
 * owner-only permissions. Several servers sharing one database must share the key (environment).
 */
export function loadOrCreateSignerKey(options: {
  fromEnv?: string | undefined;
  file: string;
  name: string;
  type: number;
}): NoteSigner {
  try {
    if (options.fromEnv) return parseSignerKey(options.fromEnv, options.type);
    if (!existsSync(options.file)) {
      mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
      writeFileSync(options.file, `${formatSignerKey(options.name, options.type, randomBytes(32))}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    }
    chmodSync(options.file, 0o600);
    return parseSignerKey(readFileSync(options.file, 'utf8'), options.type);
  } catch (error) {
    throw new StartupError(
      `Cannot load the signing key (${options.fromEnv ? 'from the environment' : options.file}): ${(error as Error).message}`,
    );
  }
}
