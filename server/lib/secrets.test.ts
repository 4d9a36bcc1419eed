import { describe, expect, it } from 'vitest';
import { Secrets } from './secrets.js';

describe('Secrets', () => {
  const secrets = new Secrets(new Uint8Array(32).fill(1));

  it('round-trips fields under a wrapped per-person key, bound to the field and owner', () => {
    const dataKey = secrets.newDataKey();
    const wrapped = secrets.wrapDataKey(dataKey, 'acct-1');
    expect(secrets.unwrapDataKey(wrapped, 'acct-1')).toEqual(dataKey);
    expect(() => secrets.unwrapDataKey(wrapped, 'acct-2')).toThrow();
    const token = secrets.encrypt(dataKey, '13912345678', 'phone');
    expect(token).not.toContain('13912345678');
    expect(secrets.decrypt(dataKey, token, 'phone')).toBe('13912345678');
    expect(() => secrets.decrypt(dataKey, token, 'resident_id')).toThrow();
    expect(() => secrets.decrypt(secrets.newDataKey(), token, 'phone')).toThrow();
    expect(secrets.encrypt(dataKey, 'x', 'phone')).not.toBe(secrets.encrypt(dataKey, 'x', 'phone'));
  });

  it('makes blind indexes that are stable per purpose and differ across purposes and keys', () => {
    expect(secrets.blindIndex('phone', '13912345678')).toBe(secrets.blindIndex('phone', '13912345678'));
    expect(secrets.blindIndex('phone', '13912345678')).not.toBe(
      secrets.blindIndex('resident_id', '13912345678'),
    );
    expect(new Secrets(new Uint8Array(32).fill(2)).blindIndex('phone', '13912345678')).not.toBe(
      secrets.blindIndex('phone', '13912345678'),
    );
  });
});
