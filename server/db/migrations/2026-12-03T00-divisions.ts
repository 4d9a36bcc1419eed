import type { PortableMigration } from '../migrator.js';

const LEVELS = ['province', 'city', 'district', 'street', 'community'];

/** Official administrative divisions (12-digit statistical codes) and the record of imports. */
export const divisions: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('divisions')
      .addColumn('code', h.id(), (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('short_name', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull().check(h.oneOf('level', LEVELS)))
      .addColumn('parent_code', h.id(), (c) => c.references('divisions.code'))
      .addColumn('path_label', 'text', (c) => c.notNull())
      .addColumn('pinyin', 'text', (c) => c.notNull())
      .addColumn('initials', 'text', (c) => c.notNull())
      .addColumn('short_pinyin', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('divisions_parent_code_idx').on('divisions').column('parent_code').execute();
    await db.schema
      .createTable('division_imports')
      .addColumn('code', h.id(), (c) => c.primaryKey().references('divisions.code'))
      .addColumn('division_count', h.int(), (c) => c.notNull())
      .addColumn('imported_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('division_imports').execute();
    await db.schema.dropTable('divisions').execute();
  },
};
