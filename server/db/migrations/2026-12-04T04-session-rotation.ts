import type { PortableMigration } from '../migrator.js';

/**
 * Sessions remember the grants they were issued under; when a person's grants change, their
 * session is replaced by a new one (a new token) on its next use, and the old one ends shortly.
 */
export const sessionRotation: PortableMigration = {
  async up(db, h) {
    await db.schema
      .alterTable('sessions')
      .addColumn('grants_fingerprint', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('sessions').addColumn('rotated_at', h.timestamp()).execute();
  },
  async down(db) {
    await db.schema.alterTable('sessions').dropColumn('rotated_at').execute();
    await db.schema.alterTable('sessions').dropColumn('grants_fingerprint').execute();
  },
};
