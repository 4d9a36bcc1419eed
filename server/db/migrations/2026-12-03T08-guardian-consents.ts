import type { PortableMigration } from '../migrator.js';

/** A guardian's consent for a child under 14 (over a confirmed family link); withdrawable. */
export const guardianConsents: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('guardian_consents')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('guardian_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('child_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('withdrawn_at', h.timestamp())
      .execute();
    await db.schema
      .createIndex('guardian_consents_child_idx')
      .on('guardian_consents')
      .column('child_id')
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('guardian_consents').execute();
  },
};
