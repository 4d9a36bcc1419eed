import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StartupError } from '../errors.js';

const VERSION = 'v1';

/**
 * Envelope encryption for personal data. A master key (environment, or created under the data
 * directory with owner-only permissions) wraps one random data key per person; fields are
 * AES-256-GCM under that data key with the field's name as associated data, so a ciphertext cannot
 * be moved to another field or person. Destroying a person's wrapped key erases their data.
 * Blind indexes (HMAC-SHA256 under keys derived from the master key) allow lookup and uniqueness
 * without decrypting.
 */
export class Secrets {
  private readonly wrapKey: Buffer;
  private readonly indexKeys = new Map<string, Buffer>();

  constructor(private readonly master: Uint8Array) {
    if (master.length !== 32) throw new Error('master key must be 32 bytes');
    this.wrapKey = this.derive('linli/wrap/v1');
  }

  static load(options: { fromEnv?: string | undefined; file: string }): Secrets {
    try {
      if (options.fromEnv) return new Secrets(Buffer.from(options.fromEnv, 'base64'));
      if (!existsSync(options.file)) {
        mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
        writeFileSync(options.file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      }
      chmodSync(options.file, 0o600);
      return new Secrets(Buffer.from(readFileSync(options.file, 'utf8').trim(), 'base64'));
    } catch (error) {
      throw new StartupError(
        `Cannot load the master key (${options.fromEnv ? 'LINLI_MASTER_KEY' : options.file}): ${(error as Error).message}`,
      );
    }
  }

  private derive(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, new Uint8Array(0), info, 32));
  }

  newDataKey(): Uint8Array {
    return new Uint8Array(randomBytes(32));
  }

  wrapDataKey(dataKey: Uint8Array, owner: string): string {
    return seal(this.wrapKey, dataKey, `data-key:${owner}`);
  }

  unwrapDataKey(wrapped: string, owner: string): Uint8Array {
    return open(this.wrapKey, wrapped, `data-key:${owner}`);
  }

  encrypt(dataKey: Uint8Array, plaintext: string, field: string): string {
    return seal(Buffer.from(dataKey), new TextEncoder().encode(plaintext), field);
  }

  decrypt(dataKey: Uint8Array, token: string, field: string): string {
    return new TextDecoder().decode(open(Buffer.from(dataKey), token, field));
  }

  /** Deterministic keyed hash of a normalised value, one key per purpose. */
  blindIndex(purpose: string, value: string): string {
    let key = this.indexKeys.get(purpose);
    if (!key) {
      key = this.derive(`linli/blind-index/${purpose}/v1`);
      this.indexKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(value).digest('base64url');
  }
}

function seal(key: Buffer, plaintext: Uint8Array, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${ct.toString('base64url')}`;
}

function open(key: Buffer, token: string, aad: string): Uint8Array {
  const [version, ivText, ctText] = token.split('.');
  if (version !== VERSION || !ivText || !ctText) throw new Error('unknown ciphertext format');
  const iv = Buffer.from(ivText, 'base64url');
  const ct = Buffer.from(ctText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]));
}
