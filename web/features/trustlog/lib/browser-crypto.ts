import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import canonicalize from 'canonicalize';
import type { Ed25519Verify } from '../../../../common/tlog/note';

/** SHA-256 for Merkle hashing in the browser (synchronous, so the shared verifiers can use it). */
export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);

/** Ed25519 signature checks with the browser's own WebCrypto: the server is not trusted for this. */
export const ed25519Verify: Ed25519Verify = async (publicKey, message, signature) => {
  try {
    const key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, [
      'verify',
    ]);
    return await crypto.subtle.verify('Ed25519', key, signature as BufferSource, message as BufferSource);
  } catch {
    return false;
  }
};

/** RFC 8785 canonical JSON, as the server signs statements. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('not serialisable');
  return text;
}
