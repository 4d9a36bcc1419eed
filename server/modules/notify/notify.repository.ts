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
  ): Promise<void> {
    const rows = notifications.flatMap(({ accountIds, kind, payload }) => {
      const text = JSON.stringify(payload);
      return [...new Set(accountIds)].map((accountId) => ({
        id: uuidv7(),
        account_id: accountId,
        kind,
        payload: text,
        created_at: now,
        read_at: null,
      }));
    });
    if (rows.length === 0) return;
    await this.db.insertInto('notifications').values(rows).execute();
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
