import type { PortableMigration } from '../migrator.js';

/** Family links that both sides confirm (used later for gifts of points and booking for a parent). */
export const family: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('family_links')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('requester_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('target_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('relation', 'text', (c) =>
        c.notNull().check(h.oneOf('relation', ['parent', 'child', 'spouse', 'sibling', 'other'])),
      )
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', ['pending', 'confirmed'])))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('confirmed_at', h.timestamp())
      .addUniqueConstraint('family_links_pair_uq', ['requester_id', 'target_id'])
      .execute();
    await db.schema.createIndex('family_links_target_idx').on('family_links').column('target_id').execute();
  },
  async down(db) {
    await db.schema.dropTable('family_links').execute();
  },
};
