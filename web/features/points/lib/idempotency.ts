/**
 * A fresh idempotency key for one attempt. crypto.randomUUID needs a secure context, so on a plain
 * http LAN address the key comes from getRandomValues, which every browser offers.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
