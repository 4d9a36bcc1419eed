import type { PortableMigration } from '../migrator.js';

/** Compounds (小区) and buildings below a community, created by its workers; where a person lives in it. */
export const compounds: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('compounds')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('community_code', h.id(), (c) => c.notNull().references('divisions.code'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addUniqueConstraint('compounds_community_name_uq', ['community_code', 'name'])
      .execute();
    await db.schema
      .createTable('buildings')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('compound_id', h.id(), (c) => c.notNull().references('compounds.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addUniqueConstraint('buildings_compound_name_uq', ['compound_id', 'name'])
      .execute();
    await db.schema
      .alterTable('accounts')
      .addColumn('compound_id', h.id(), (c) => c.references('compounds.id'))
      .execute();
    await db.schema
      .alterTable('accounts')
      .addColumn('building_id', h.id(), (c) => c.references('buildings.id'))
      .execute();
    await db.schema.alterTable('accounts').addColumn('unit', 'text').execute();
  },
  async down(db) {
    for (const column of ['unit', 'building_id', 'compound_id'])
      await db.schema.alterTable('accounts').dropColumn(column).execute();
    await db.schema.dropTable('buildings').execute();
    await db.schema.dropTable('compounds').execute();
  },
};
