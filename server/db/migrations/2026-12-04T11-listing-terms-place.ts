import type { PortableMigration } from '../migrator.js';

/**
 * Each search term row carries the listing's community, and one index covers a term lookup
 * (term, direction → place, listing, weight): matching and search rank by text and proximity
 * from the index alone, without reading 10,000 listing rows for a common word.
 */
export const listingTermsPlace: PortableMigration = {
  async up(db) {
    await db.schema
      .alterTable('listing_terms')
      .addColumn('division_code', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createIndex('listing_terms_cover_idx')
      .on('listing_terms')
      .columns(['term', 'direction', 'division_code', 'listing_id', 'weight'])
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('listing_terms_cover_idx').execute();
    await db.schema.alterTable('listing_terms').dropColumn('division_code').execute();
  },
};
