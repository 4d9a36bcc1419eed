import type { PortableMigration } from '../migrator.js';

/** Profile pictures: one small re-encoded image per account, as bytes. */
export const avatars: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('avatars')
      .addColumn('account_id', h.id(), (c) => c.primaryKey().references('accounts.id'))
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('bytes', h.bytes(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('avatars').execute();
  },
};
