import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface NotificationRow {
  id: string;
  kind: string;
  payload: unknown;
  createdAt: number;
  readAt: number | null;
}

/** Kysely access to in-app notifications. */
export class NotifyRepository {
  constructor(private readonly db: Executor) {}

  async insert(
    notifications: { accountIds: string[]; kind: string; payload: unknown }[],
    now: number,
  ): Promise<{ id: string; accountId: string; kind: string; payload: unknown }[]> {
    const made = notifications.flatMap(({ accountIds, kind, payload }) => {
      const text = JSON.stringify(payload);
      return [...new Set(accountIds)].map((accountId) => ({
        payload,
        row: {
          id: uuidv7(),
          account_id: accountId,
          kind,
          payload: text,
          created_at: now,
          read_at: null,
        },
      }));
    });
    if (made.length === 0) return [];
    await this.db
      .insertInto('notifications')
      .values(made.map((m) => m.row))
      .execute();
    return made.map((m) => ({
      id: m.row.id,
      accountId: m.row.account_id,
      kind: m.row.kind,
      payload: m.payload,
    }));
  }

  /** Of these people, those who opted in to SMS. */
  async smsOptedIn(accountIds: string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('notify_preferences')
      .select('account_id')
      .where('account_id', 'in', [...new Set(accountIds)])
      .where('sms', '=', 1)
      .execute();
    return rows.map((r) => r.account_id);
  }

  async preferences(accountId: string): Promise<{ sms: boolean }> {
    const row = await this.db
      .selectFrom('notify_preferences')
      .select('sms')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return { sms: toNumber(row?.sms ?? 0) === 1 };
  }

  async setPreferences(accountId: string, prefs: { sms: boolean }, now: number): Promise<void> {
    await this.db
      .insertInto('notify_preferences')
      .values({ account_id: accountId, sms: prefs.sms ? 1 : 0, updated_at: now })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ sms: prefs.sms ? 1 : 0, updated_at: now }))
      .execute();
  }

  async list(accountId: string, limit: number): Promise<NotificationRow[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: JSON.parse(r.payload),
      createdAt: toNumber(r.created_at),
      readAt: r.read_at === null ? null : toNumber(r.read_at),
    }));
  }

  async unreadCount(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  async markRead(accountId: string, ids: readonly string[], now: number): Promise<number> {
    const result = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('account_id', '=', accountId)
      .where('id', 'in', [...ids])
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows);
  }

  async markAllRead(accountId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows);
  }
}
