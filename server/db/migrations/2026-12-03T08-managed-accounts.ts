import type { PortableMigration } from '../migrator.js';

/**
 * 代办: an account without a phone of its own (an elderly resident), managed by the community
 * whose workers registered it. `managed_division` is that community; null for everyone else.
 */
export const managedAccounts: PortableMigration = {
  async up(db, h) {
    await db.schema.alterTable('accounts').addColumn('managed_division', h.id()).execute();
    await db.schema
      .createIndex('accounts_managed_division_idx')
      .on('accounts')
      .column('managed_division')
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('accounts_managed_division_idx').execute();
    await db.schema.alterTable('accounts').dropColumn('managed_division').execute();
  },
};
