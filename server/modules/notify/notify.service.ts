import type { Transaction } from 'kysely';
import type { NotificationList, NotifyPreferences } from '../../../common/schemas/notify.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import type { JobQueue } from './job-runner.js';
import { NotifyRepository } from './notify.repository.js';
import { isSmsKind, type SmsJobPayload } from './notify-sms.js';

export const SMS_JOB = 'notify.sms';

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
    /** Where SMS deliveries are queued; without it, notifications stay in the app only. */
    private readonly jobs?: JobQueue,
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
    const repo = new NotifyRepository(trx);
    const written = await repo.insert(notifications, this.now());
    if (!this.jobs) return;
    // Important kinds also go out by SMS to those who opted in, queued in the same transaction
    // (so a text goes out exactly when the notification exists), one job per notification.
    const important = written.filter((n) => isSmsKind(n.kind));
    if (important.length === 0) return;
    const optedIn = new Set(await repo.smsOptedIn(important.map((n) => n.accountId)));
    for (const n of important) {
      if (!optedIn.has(n.accountId)) continue;
      const payload: SmsJobPayload = { accountId: n.accountId, kind: n.kind };
      await this.jobs.enqueueInTransaction(trx, {
        kind: SMS_JOB,
        payload,
        dedupeKey: `sms:${n.id}`,
        maxAttempts: 5,
      });
    }
  }

  async preferences(actor: Actor): Promise<NotifyPreferences> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    return this.repo.preferences(actor.accountId);
  }

  async setPreferences(actor: Actor, prefs: NotifyPreferences): Promise<NotifyPreferences> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    // A worker acting for a phone-less resident (代办) has no number to send to.
    if (actor.actedBy) throw new AppError('forbidden');
    await this.repo.setPreferences(actor.accountId, { sms: prefs.sms }, this.now());
    return { sms: prefs.sms };
  }

  async list(actor: Actor, limit = 30): Promise<NotificationList> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const [items, unread] = await Promise.all([
      this.repo.list(actor.accountId, limit),
      this.repo.unreadCount(actor.accountId),
    ]);
    return { unread, items };
  }

  /** Marks the given notifications read, those of the actor only; answers how many changed. */
  async markRead(actor: Actor, ids: readonly string[]): Promise<number> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    if (ids.length === 0) return 0;
    return this.repo.markRead(actor.accountId, [...new Set(ids.map((id) => id.toLowerCase()))], this.now());
  }

  async markAllRead(actor: Actor): Promise<number> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    return this.repo.markAllRead(actor.accountId, this.now());
  }
}
