import { randomBytes } from 'node:crypto';
import { ED25519 } from '../../common/tlog/note.js';
import type { Db } from '../../server/db/database.js';
import { Secrets } from '../../server/lib/secrets.js';
import { NetIdProvider } from '../../server/modules/identity/netid-provider.js';
import { formatSignerKey, parseSignerKey } from '../../server/modules/trustlog/signing-key.js';
import type { TrustLogOptions } from '../../server/modules/trustlog/trustlog.service.js';
import { buildServices, type Services } from '../../server/services.js';

/** Trust-log options for tests: a fresh signing key, no witnesses, no schedule. */
export function testLogOptions(overrides: Partial<TrustLogOptions> = {}): TrustLogOptions {
  return {
    signer: parseSignerKey(formatSignerKey('linli.test/log', ED25519, randomBytes(32)), ED25519),
    witnesses: [],
    checkpointIntervalMs: 0,
    ...overrides,
  };
}

/** The network-ID provider's test signing key (Ed25519 note key); tests sign results with it. */
export const testNetIdSigner = parseSignerKey(
  formatSignerKey('netid.test', ED25519, new Uint8Array(32).fill(9)),
  ED25519,
);

export function testServices(db: Db, log: Partial<TrustLogOptions> = {}): Services {
  return buildServices(db, {
    log: testLogOptions(log),
    secrets: new Secrets(new Uint8Array(randomBytes(32))),
    netId: new NetIdProvider(testNetIdSigner.verifierKey, 'https://netid.test/handoff'),
  });
}
