import { sql } from 'kysely';
import type { PortableMigration } from '../migrator.js';

const VERIFICATION = ['phone', 'real_name', 'in_person'];

/**
 * The taxonomy (per district, editable by its admins), offers and needs (服务清单 / 需求清单),
 * their photos, and the inverted index of Chinese-aware search terms over them.
 */
export const listings: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('listing_categories')
      .addColumn('district_code', 'text', (c) => c.notNull())
      // snake_case key, stable across renames (`plumbing`); the points rules refer to it too.
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) =>
        c
          .notNull()
          .check(
            h.oneOf('group_key', ['repair', 'care', 'learning', 'health', 'household', 'items', 'community']),
          ),
      )
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      // Words that mean this category (水管, 龙头 for plumbing), JSON array; feed search and matching.
      .addColumn('keywords', h.json(), (c) => c.notNull().defaultTo('[]'))
      .addColumn('required_verification', 'text', (c) =>
        c.notNull().check(h.oneOf('required_verification', VERIFICATION)),
      )
      .addColumn('sort_order', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('active', h.bool(), (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', h.id())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .addPrimaryKeyConstraint('listing_categories_pk', ['district_code', 'key'])
      .execute();
    await db.schema
      .createTable('listings')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('owner_id', h.id(), (c) => c.notNull().references('accounts.id'))
      // Set when a worker posted it for a managed resident (代办).
      .addColumn('acted_by', h.id(), (c) => c.references('accounts.id'))
      .addColumn('direction', 'text', (c) => c.notNull().check(h.oneOf('direction', ['offer', 'need'])))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(h.oneOf('kind', ['skill', 'service', 'time', 'item'])),
      )
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('tags', h.json(), (c) => c.notNull().defaultTo('[]'))
      // The community (12-digit division code) and optionally the compound it is in.
      .addColumn('division_code', 'text', (c) => c.notNull().references('divisions.code'))
      .addColumn('compound_id', h.id(), (c) => c.references('compounds.id'))
      // Weekly windows [{day, part}] as on the profile; a need may instead (or also) have a deadline.
      .addColumn('availability', h.json(), (c) => c.notNull().defaultTo('[]'))
      .addColumn('deadline', h.timestamp())
      // Expected length of the help, for the points it will earn under the rules.
      .addColumn('minutes', h.int(), (c) =>
        c.check(sql`minutes is null or (minutes > 0 and minutes <= 1440)`),
      )
      // Points per exchange when the poster sets a price; null means "by the rules" (per hour).
      .addColumn('points', h.int(), (c) => c.check(sql`points is null or (points >= 0 and points <= 100000)`))
      .addColumn('required_verification', 'text', (c) =>
        c.notNull().check(h.oneOf('required_verification', VERIFICATION)),
      )
      // How many exchanges may be open at once (an offer of a class for 5; a need: 1). A slot is
      // taken by a conditional update, so two acceptances of the last one cannot both win.
      .addColumn('capacity', h.int(), (c) => c.notNull().check(sql`capacity between 1 and 100`))
      .addColumn('open_slots', h.int(), (c) => c.notNull().check(sql`open_slots >= 0`))
      // Offers only: tell me about new needs that match (the helper's opt-in).
      .addColumn('alerts', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(h.oneOf('status', ['open', 'closed', 'expired', 'fulfilled'])),
      )
      .addColumn('expires_at', h.timestamp(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .addColumn('closed_at', h.timestamp())
      .execute();
    await db.schema
      .createIndex('listings_open_idx')
      .on('listings')
      .columns(['status', 'direction', 'division_code'])
      .execute();
    await db.schema
      .createIndex('listings_owner_idx')
      .on('listings')
      .columns(['owner_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('listings_category_idx')
      .on('listings')
      .columns(['district_code', 'category', 'status'])
      .execute();
    await db.schema
      .createIndex('listings_expiry_idx')
      .on('listings')
      .columns(['status', 'expires_at'])
      .execute();
    await db.schema
      .createTable('listing_photos')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('listing_id', h.id(), (c) => c.notNull().references('listings.id').onDelete('cascade'))
      .addColumn('position', h.int(), (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('bytes', h.bytes(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addUniqueConstraint('listing_photos_position_uq', ['listing_id', 'position'])
      .execute();
    // Inverted index: one row per (term, listing) with a weight (title terms count more than
    // description terms). Only open listings are indexed, so a lookup never reads closed ones.
    await db.schema
      .createTable('listing_terms')
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('listing_id', h.id(), (c) => c.notNull().references('listings.id').onDelete('cascade'))
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('weight', h.int(), (c) => c.notNull())
      .addPrimaryKeyConstraint('listing_terms_pk', ['term', 'direction', 'listing_id'])
      .execute();
    await db.schema
      .createIndex('listing_terms_listing_idx')
      .on('listing_terms')
      .column('listing_id')
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('listing_terms').execute();
    await db.schema.dropTable('listing_photos').execute();
    await db.schema.dropTable('listings').execute();
    await db.schema.dropTable('listing_categories').execute();
  },
};
