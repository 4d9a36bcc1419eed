import type { PortableMigration } from '../migrator.js';

/** Personal access tokens for staff scripts: stored only as SHA-256 hashes, revocable, expiring. */
export const accessTokens: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('access_tokens')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('expires_at', h.timestamp(), (c) => c.notNull())
      .addColumn('revoked_at', h.timestamp())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('access_tokens').execute();
  },
};
