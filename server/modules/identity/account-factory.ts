import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/schema.js';
import type { Secrets } from '../../lib/secrets.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { type AccountRow, IdentityRepository } from './identity.repository.js';

/** The privacy notice version a new account accepts. */
export const PRIVACY_NOTICE_VERSION = '2026-12-01';

/**
 * The account of a phone number, created if there is none: its own data key (wrapped by the
 * master key), the number encrypted under it, and an `identity.account_created` log entry.
 * Safe under races: a concurrent creation of the same number yields the one account.
 */
export async function findOrCreateAccount(
  trx: Transaction<Database>,
  deps: { secrets: Secrets; log: LogAppender },
  phone: string,
  now: number,
): Promise<{ account: AccountRow; created: boolean }> {
  const repo = new IdentityRepository(trx);
  const phoneIndex = deps.secrets.blindIndex('phone', phone);
  const existing = await repo.accountByPhoneIndex(phoneIndex);
  if (existing) return { account: existing, created: false };
  const id = uuidv7();
  const dataKey = deps.secrets.newDataKey();
  const created = await repo.insertAccount({
    id,
    nickname: `邻居${id.slice(-4).toUpperCase()}`,
    phoneCipher: deps.secrets.encrypt(dataKey, phone, `phone:${id}`),
    phoneIndex,
    privacyVersion: PRIVACY_NOTICE_VERSION,
    now,
  });
  if (created) {
    await repo.insertAccountKey(id, deps.secrets.wrapDataKey(dataKey, id), now);
    const subject = await deps.log.pseudonym(trx, `account:${id}`);
    await deps.log.append(trx, [
      {
        kind: 'identity.account_created',
        v: 1,
        data: { subject, verification: 'phone', privacy: PRIVACY_NOTICE_VERSION },
        notify: [id],
      },
    ]);
  }
  return { account: (await repo.accountByPhoneIndex(phoneIndex))!, created };
}
