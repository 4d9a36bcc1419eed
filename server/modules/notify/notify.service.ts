import type { Transaction } from 'kysely';
import type { NotificationList } from '../../../common/schemas/notify.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { NotifyRepository } from './notify.repository.js';

/** What other modules use to notify people inside their own transaction. */
export interface Notifier {
  notifyInTransaction(
    trx: Transaction<Database>,
    accountIds: string[],
    kind: string,
    payload: unknown,
  ): Promise<void>;
  /** Several notifications in one statement (a batch of log entries, say). */
  notifyAllInTransaction(trx: Transaction<Database>, notifications: Notification[]): Promise<void>;
}

export interface Notification {
  accountIds: string[];
  kind: string;
  payload: unknown;
}

/**
 * In-app notifications. Written in the same transaction as the event they announce, so a
 * notification exists exactly when its event does; read by their owner only.
 */
export class NotifyService implements Notifier {
  private readonly repo: NotifyRepository;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new NotifyRepository(db.kysely);
  }

  async notifyInTransaction(
    trx: Transaction<Database>,
    accountIds: string[],
    kind: string,
    payload: unknown,
  ): Promise<void> {
    await this.notifyAllInTransaction(trx, [{ accountIds, kind, payload }]);
  }

  async notifyAllInTransaction(trx: Transaction<Database>, notifications: Notification[]): Promise<void> {
    await new NotifyRepository(trx).insert(notifications, this.now());
  }

  async list(actor: Actor, limit = 30): Promise<NotificationList> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const [items, unread] = await Promise.all([
      this.repo.list(actor.accountId, limit),
      this.repo.unreadCount(actor.accountId),
    ]);
    return { unread, items };
  }

  async markAllRead(actor: Actor): Promise<number> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    return this.repo.markAllRead(actor.accountId, this.now());
  }
}
