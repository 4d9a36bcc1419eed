import type { PortableMigration } from '../migrator.js';

/**
 * The love bank: accounts, transfers made of postings that sum to zero, versioned rules per
 * district and adjustment requests. Transfers and postings are never updated or deleted.
 */
export const points: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('points_accounts')
      // Readable, deterministic ids: `resident:<account>`, `issuance:<community>`, `pool:<community>`,
      // `adjustment:<district>`, `expiry:<district>`.
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(h.oneOf('kind', ['resident', 'issuance', 'pool', 'adjustment', 'expiry'])),
      )
      .addColumn('owner_id', h.id(), (c) => c.references('accounts.id'))
      .addColumn('division_code', 'text', (c) => c.notNull())
      // Null: the district default for residents (never "unlimited"); the budget for issuance.
      .addColumn('credit_limit', h.int())
      .addColumn('balance', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('postings', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('flagged', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('priority', 'text', (c) =>
        c.check(h.oneOf('priority', ['elderly_alone', 'disabled', 'other'])),
      )
      // Gifts made this month (China time), kept under the account's lock for the monthly cap.
      .addColumn('gift_month', 'text')
      .addColumn('gifted_in_month', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('points_accounts_owner_idx')
      .on('points_accounts')
      .column('owner_id')
      .execute();
    await db.schema
      .createTable('points_transfers')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('type', 'text', (c) =>
        c
          .notNull()
          .check(
            h.oneOf('type', [
              'earn',
              'gift',
              'donation',
              'grant',
              'adjustment',
              'reversal',
              'expiry',
              'overflow',
            ]),
          ),
      )
      // Who the idempotency key belongs to (`account:<id>` or `system`), so keys never collide.
      .addColumn('key_scope', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('initiator_id', h.id())
      .addColumn('memo', 'text')
      .addColumn('ref', 'text')
      .addColumn('reverses_id', h.id(), (c) => c.unique().references('points_transfers.id'))
      .addColumn('log_index', h.timestamp(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addUniqueConstraint('points_transfers_key_uq', ['key_scope', 'idempotency_key'])
      .execute();
    await db.schema
      .createTable('points_postings')
      .addColumn('account_id', h.id(), (c) => c.notNull().references('points_accounts.id'))
      // Position in the account's own history, assigned under the account's lock.
      .addColumn('seq', h.int(), (c) => c.notNull())
      .addColumn('transfer_id', h.id(), (c) => c.notNull().references('points_transfers.id'))
      .addColumn('amount', h.int(), (c) => c.notNull())
      .addColumn('balance_after', h.int(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addPrimaryKeyConstraint('points_postings_pk', ['account_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('points_postings_transfer_idx')
      .on('points_postings')
      .column('transfer_id')
      .execute();
    await db.schema
      .createTable('points_rules')
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('version', h.int(), (c) => c.notNull())
      .addColumn('rules', h.json(), (c) => c.notNull())
      .addColumn('created_by', h.id())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addPrimaryKeyConstraint('points_rules_pk', ['district_code', 'version'])
      .execute();
    await db.schema
      .createTable('points_adjustments')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('points_accounts.id'))
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('amount', h.int(), (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('override', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(h.oneOf('status', ['pending', 'executed', 'rejected'])),
      )
      .addColumn('requested_by', h.id(), (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('decided_by', h.id())
      .addColumn('transfer_id', h.id(), (c) => c.references('points_transfers.id'))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('decided_at', h.timestamp())
      .addUniqueConstraint('points_adjustments_key_uq', ['requested_by', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('points_adjustments_status_idx')
      .on('points_adjustments')
      .columns(['district_code', 'status'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('points_adjustments').execute();
    await db.schema.dropTable('points_rules').execute();
    await db.schema.dropTable('points_postings').execute();
    await db.schema.dropTable('points_transfers').execute();
    await db.schema.dropTable('points_accounts').execute();
  },
};
