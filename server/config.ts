import { resolve } from 'node:path';

/** Typed, frozen configuration. The only file that reads process.env. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL URL; undefined means the embedded SQLite database under dataDir. */
  readonly databaseUrl: string | undefined;
  /** Seed the demo neighbourhood on an empty database. */
  readonly demo: boolean;
  /** Division codes imported on an empty database. */
  readonly defaultAreas: readonly string[];
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Milliseconds to let in-flight requests finish after SIGTERM. */
  readonly shutdownGraceMs: number;
  /** The trust log's origin (its signing key's name) when the key is created here. */
  readonly logOrigin: string;
  /** The log signing key (PRIVATE+KEY+…); else created under dataDir/keys on first start. */
  readonly logSigningKey: string | undefined;
  /** Witnesses to ask for cosignatures: `vkey@url` list. */
  readonly witnesses: string | undefined;
  /** Seconds between scheduled checkpoints (the published maximum delay); 0 disables. */
  readonly checkpointIntervalS: number;
  /** Master key for personal-data encryption (base64, 32 bytes); else created under dataDir/keys. */
  readonly masterKey: string | undefined;
  /** `console` (outbox + log, development) or `http` (a provider's API). */
  readonly smsSender: 'console' | 'http';
  readonly smsHttpUrl: string | undefined;
  readonly smsHttpToken: string | undefined;
  /**
   * Verifier key (C2SP note form, Ed25519) of a verification-result provider in the manner of the
   * national network identity service (网号/网证); unset disables that verification method.
   */
  readonly netIdProviderKey: string | undefined;
  /** Where the browser is handed to the network-ID provider (its hand-off page), if any. */
  readonly netIdProviderUrl: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** An optional http(s) URL setting. */
function httpUrlOrUndefined(name: string, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  return url.toString();
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseIntIn(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function parseBool(name: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be 0 or 1 (or true/false), got "${raw}"`);
}

/** Reads and validates configuration; throws ConfigError with a one-line message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid URL (expected postgres://user@host:5432/db)');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new ConfigError(
        `DATABASE_URL must start with postgres:// or postgresql://, got ${url.protocol}//`,
      );
    }
  }
  const logLevel = (env.LINLI_LOG_LEVEL ?? 'info').trim() as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LINLI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const defaultAreas = (env.LINLI_AREAS ?? '440604,110105009')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const code of defaultAreas) {
    if (!/^(\d{6}|\d{9})$/.test(code)) {
      throw new ConfigError(`LINLI_AREAS must list 6-digit district or 9-digit street codes, got "${code}"`);
    }
  }
  const smsSender = (env.LINLI_SMS_SENDER?.trim() || 'console') as Config['smsSender'];
  if (smsSender !== 'console' && smsSender !== 'http')
    throw new ConfigError(`LINLI_SMS_SENDER must be console or http, got "${smsSender}"`);
  const smsHttpUrl = env.LINLI_SMS_HTTP_URL?.trim() || undefined;
  if (smsSender === 'http' && !smsHttpUrl)
    throw new ConfigError('LINLI_SMS_SENDER=http needs LINLI_SMS_HTTP_URL');
  const masterKey = env.LINLI_MASTER_KEY?.trim() || undefined;
  if (masterKey && Buffer.from(masterKey, 'base64').length !== 32)
    throw new ConfigError('LINLI_MASTER_KEY must be 32 bytes, base64-encoded');
  const logOrigin = env.LINLI_LOG_ORIGIN?.trim() || 'linli.local/log';
  if (/[\s+]/.test(logOrigin)) throw new ConfigError('LINLI_LOG_ORIGIN must not contain spaces or "+"');
  return Object.freeze({
    port: env.PORT === undefined || env.PORT === '' ? 3000 : parseIntIn('PORT', env.PORT, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: resolve(env.LINLI_DATA_DIR?.trim() || 'data'),
    databaseUrl,
    demo:
      env.LINLI_DEMO === undefined || env.LINLI_DEMO === '' ? true : parseBool('LINLI_DEMO', env.LINLI_DEMO),
    defaultAreas: Object.freeze(defaultAreas),
    logLevel,
    shutdownGraceMs:
      env.LINLI_SHUTDOWN_GRACE_MS === undefined
        ? 10_000
        : parseIntIn('LINLI_SHUTDOWN_GRACE_MS', env.LINLI_SHUTDOWN_GRACE_MS, 0, 600_000),
    logOrigin,
    masterKey,
    smsSender,
    smsHttpUrl,
    smsHttpToken: env.LINLI_SMS_HTTP_TOKEN?.trim() || undefined,
    netIdProviderKey: env.LINLI_NETID_PROVIDER_KEY?.trim() || undefined,
    netIdProviderUrl: httpUrlOrUndefined('LINLI_NETID_PROVIDER_URL', env.LINLI_NETID_PROVIDER_URL),
    logSigningKey: env.LINLI_LOG_SIGNING_KEY?.trim() || undefined,
    witnesses: env.LINLI_WITNESSES?.trim() || undefined,
    checkpointIntervalS:
      env.LINLI_CHECKPOINT_INTERVAL_S === undefined || env.LINLI_CHECKPOINT_INTERVAL_S === ''
        ? 10
        : parseIntIn('LINLI_CHECKPOINT_INTERVAL_S', env.LINLI_CHECKPOINT_INTERVAL_S, 0, 86_400),
  });
}
