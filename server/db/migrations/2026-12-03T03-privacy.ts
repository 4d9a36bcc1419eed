import type { PortableMigration } from '../migrator.js';

/**
 * Real-name verification fields (encrypted, with a unique blind index on the ID number), consent
 * records per purpose and version, and the log of staff views of personal data.
 */
export const privacy: PortableMigration = {
  async up(db, h) {
    await db.schema.alterTable('accounts').addColumn('name_cipher', 'text').execute();
    await db.schema.alterTable('accounts').addColumn('resident_id_cipher', 'text').execute();
    await db.schema.alterTable('accounts').addColumn('resident_id_index', 'text').execute();
    await db.schema
      .alterTable('accounts')
      .addColumn('party_member', h.bool(), (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('accounts').addColumn('verified_at', h.timestamp()).execute();
    // One ID number, one account (NULLs do not collide on either database).
    await db.schema
      .createIndex('accounts_resident_id_idx')
      .unique()
      .on('accounts')
      .column('resident_id_index')
      .execute();
    await db.schema
      .createTable('consents')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('purpose', 'text', (c) =>
        c.notNull().check(h.oneOf('purpose', ['privacy_notice', 'sensitive_id', 'share_record'])),
      )
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('granted_at', h.timestamp(), (c) => c.notNull())
      .addColumn('withdrawn_at', h.timestamp())
      .execute();
    await db.schema.createIndex('consents_account_idx').on('consents').column('account_id').execute();
    await db.schema
      .createTable('personal_data_access')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('viewer_id', h.id())
      .addColumn('field', 'text', (c) =>
        c.notNull().check(h.oneOf('field', ['phone', 'resident_id', 'real_name'])),
      )
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('personal_data_access_account_idx')
      .on('personal_data_access')
      .columns(['account_id', 'created_at'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('personal_data_access').execute();
    await db.schema.dropTable('consents').execute();
    await db.schema.dropIndex('accounts_resident_id_idx').execute();
    for (const column of [
      'verified_at',
      'party_member',
      'resident_id_index',
      'resident_id_cipher',
      'name_cipher',
    ]) {
      await db.schema.alterTable('accounts').dropColumn(column).execute();
    }
  },
};
