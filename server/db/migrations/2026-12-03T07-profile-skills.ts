import type { PortableMigration } from '../migrator.js';

/** What a person can share (skill tags) and when they are usually free (weekly slots), as JSON text. */
export const profileSkills: PortableMigration = {
  async up(db, h) {
    await db.schema
      .alterTable('accounts')
      .addColumn('skills', h.json(), (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('accounts')
      .addColumn('availability', h.json(), (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
  async down(db) {
    await db.schema.alterTable('accounts').dropColumn('availability').execute();
    await db.schema.alterTable('accounts').dropColumn('skills').execute();
  },
};
