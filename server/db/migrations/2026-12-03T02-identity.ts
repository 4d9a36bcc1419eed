import type { PortableMigration } from '../migrator.js';

const ROLES = ['resident', 'worker', 'hut_keeper', 'street_admin', 'district_admin', 'auditor'];

/**
 * Accounts with personal fields encrypted under a per-person data key (account_keys; deleting the
 * row erases the person), SMS codes and the development outbox, database sessions, role grants on
 * divisions, browser device keys for co-signed log statements, and in-app notifications.
 */
export const identity: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('accounts')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('nickname', 'text', (c) => c.notNull())
      .addColumn('phone_cipher', 'text')
      .addColumn('phone_index', 'text', (c) => c.unique())
      .addColumn('home_division', h.id(), (c) => c.references('divisions.code'))
      .addColumn('verification', 'text', (c) =>
        c.notNull().check(h.oneOf('verification', ['phone', 'real_name', 'in_person'])),
      )
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', ['active', 'deleted'])))
      .addColumn('privacy_version', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('account_keys')
      .addColumn('account_id', h.id(), (c) => c.primaryKey().references('accounts.id'))
      .addColumn('wrapped_key', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sms_codes')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('phone_index', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('attempts', h.int(), (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('expires_at', h.timestamp(), (c) => c.notNull())
      .addColumn('consumed_at', h.timestamp())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sms_codes_phone_idx')
      .on('sms_codes')
      .columns(['phone_index', 'created_at'])
      .execute();
    await db.schema.createIndex('sms_codes_ip_idx').on('sms_codes').columns(['ip', 'created_at']).execute();
    await db.schema
      .createTable('sms_outbox')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('phone_masked', 'text', (c) => c.notNull())
      .addColumn('phone_index', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('expires_at', h.timestamp(), (c) => c.notNull())
      .addColumn('revoked_at', h.timestamp())
      .execute();
    await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();
    await db.schema
      .createTable('role_grants')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('role', 'text', (c) => c.notNull().check(h.oneOf('role', ROLES)))
      .addColumn('division_code', h.id(), (c) => c.notNull().references('divisions.code'))
      .addColumn('granted_by', h.id())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('revoked_at', h.timestamp())
      .execute();
    await db.schema.createIndex('role_grants_account_idx').on('role_grants').column('account_id').execute();
    await db.schema
      .createTable('device_keys')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('public_key', h.bytes(), (c) => c.notNull().unique())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('revoked_at', h.timestamp())
      .execute();
    await db.schema
      .createTable('notifications')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', h.json(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('read_at', h.timestamp())
      .execute();
    await db.schema
      .createIndex('notifications_account_idx')
      .on('notifications')
      .columns(['account_id', 'created_at'])
      .execute();
  },
  async down(db) {
    for (const t of [
      'notifications',
      'device_keys',
      'role_grants',
      'sessions',
      'sms_outbox',
      'sms_codes',
      'account_keys',
      'accounts',
    ]) {
      await db.schema.dropTable(t).execute();
    }
  },
};
