import { sql } from 'kysely';
import type { PortableMigration } from '../migrator.js';

const EXCHANGE_STATUSES = [
  'proposed',
  'accepted',
  'scheduled',
  'done',
  'confirmed',
  'paid',
  'declined',
  'cancelled',
  'no_show',
  'disputed',
  'resolved',
];

/**
 * One act of help between two residents: its state (changed only by conditional updates on
 * `version`), its timeline and its message thread; and each helper's load, for fair matching.
 */
export const exchanges: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('exchanges')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      // The listing answered; the other side's own listing when one exists (an offer for my need).
      .addColumn('listing_id', h.id(), (c) => c.notNull().references('listings.id'))
      .addColumn('counter_listing_id', h.id(), (c) => c.references('listings.id'))
      .addColumn('provider_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('recipient_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('initiator_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('category', 'text', (c) => c.notNull())
      // Whose rules pay (the community of the help, for issued points and budgets).
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', EXCHANGE_STATUSES)))
      // Optimistic concurrency: every change is `... where version = ?`, so a lost race is a conflict.
      .addColumn('version', h.int(), (c) => c.notNull().defaultTo(1))
      .addColumn('holds_slot', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('scheduled_at', h.timestamp())
      .addColumn('place', 'text')
      .addColumn('planned_minutes', h.int())
      .addColumn('actual_minutes', h.int(), (c) =>
        c.check(sql`actual_minutes is null or (actual_minutes > 0 and actual_minutes <= 1440)`),
      )
      .addColumn('points', h.int())
      .addColumn('transfer_id', h.id())
      .addColumn('dispute_reason', 'text')
      .addColumn('resolution', 'text')
      .addColumn('resolved_by', h.id(), (c) => c.references('accounts.id'))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    // One live exchange per person per listing: asking twice is a conflict, not a second request.
    await db.schema
      .createIndex('exchanges_live_uq')
      .on('exchanges')
      .columns(['listing_id', 'initiator_id'])
      .unique()
      .where(sql.ref('status'), 'in', ['proposed', 'accepted', 'scheduled', 'done', 'disputed'])
      .execute();
    await db.schema
      .createIndex('exchanges_provider_idx')
      .on('exchanges')
      .columns(['provider_id', 'status'])
      .execute();
    await db.schema
      .createIndex('exchanges_recipient_idx')
      .on('exchanges')
      .columns(['recipient_id', 'status'])
      .execute();
    await db.schema
      .createIndex('exchanges_listing_idx')
      .on('exchanges')
      .columns(['listing_id', 'status'])
      .execute();
    await db.schema
      .createIndex('exchanges_community_idx')
      .on('exchanges')
      .columns(['community_code', 'status'])
      .execute();
    await db.schema
      .createTable('exchange_events')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('exchange_id', h.id(), (c) => c.notNull().references('exchanges.id'))
      .addColumn('actor_id', h.id(), (c) => c.references('accounts.id'))
      // Set when a worker acted for a managed resident (代办).
      .addColumn('acted_by', h.id(), (c) => c.references('accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('data', h.json(), (c) => c.notNull().defaultTo('{}'))
      .addColumn('log_index', h.timestamp())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exchange_events_exchange_idx')
      .on('exchange_events')
      .columns(['exchange_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('exchange_messages')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('exchange_id', h.id(), (c) => c.notNull().references('exchanges.id'))
      .addColumn('sender_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exchange_messages_exchange_idx')
      .on('exchange_messages')
      .columns(['exchange_id', 'created_at'])
      .execute();
    // Each helper's load, kept in the same transaction as their exchanges change: matching reads
    // it to spread requests away from the busiest helpers and wake up idle ones.
    await db.schema
      .createTable('helper_load')
      .addColumn('account_id', h.id(), (c) => c.primaryKey().references('accounts.id'))
      .addColumn('active', h.int(), (c) => c.notNull().defaultTo(0).check(sql`active >= 0`))
      .addColumn('completed', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('no_shows', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('last_completed_at', h.timestamp())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('helper_load').execute();
    await db.schema.dropTable('exchange_messages').execute();
    await db.schema.dropTable('exchange_events').execute();
    await db.schema.dropTable('exchanges').execute();
  },
};
