import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** SHA-256 with node:crypto (native, the fast path for the log). */
/** SHA-256 of UTF-8 text, as lower-case hex (request fingerprints, not secrets). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

const publicKeys = new Map<string, KeyObject>();

function ed25519PublicKey(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw).toString('hex');
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(raw) }, format: 'jwk' });
    publicKeys.set(id, key);
  }
  return key;
}

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return verify(null, message, ed25519PublicKey(publicKey), signature);
  } catch {
    return false;
  }
}

/** An Ed25519 key pair from its 32-byte seed. */
export function ed25519FromSeed(seed: Uint8Array): {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
} {
  if (seed.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  return {
    publicKey: new Uint8Array(Buffer.from(jwk.x, 'base64url')),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}
