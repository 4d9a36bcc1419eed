import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../lib/actor.js';
import type { LogAppender } from '../trustlog/log-appender.js';

/**
 * 代办: when a worker acts for a managed person, the act is marked in the trust log in the same
 * transaction: `identity.acted_for` naming the person and the worker by pseudonym and what was
 * done (an action name, never a value). Does nothing for a person acting for themself.
 */
export async function logActedFor(
  log: LogAppender,
  trx: Transaction<Database>,
  actor: Actor,
  action: string,
): Promise<void> {
  if (actor.kind !== 'person' || !actor.actedBy) return;
  const subject = await log.pseudonym(trx, `account:${actor.accountId}`);
  const by = await log.pseudonym(trx, `account:${actor.actedBy}`);
  await log.append(trx, [{ kind: 'identity.acted_for', v: 1, data: { subject, by, action } }]);
}
