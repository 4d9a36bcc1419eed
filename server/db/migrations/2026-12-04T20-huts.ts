import { sql } from 'kysely';
import type { PortableMigration } from '../migrator.js';

const UNIT_STATUSES = ['available', 'on_hold', 'on_loan', 'sanitising', 'maintenance', 'retired'];
const CONDITIONS = ['new', 'good', 'fair', 'worn', 'damaged'];
const HOLD_STATUSES = ['waiting', 'ready', 'fulfilled', 'cancelled', 'expired'];
const LOAN_STATUSES = ['requested', 'accepted', 'active', 'returned', 'declined', 'cancelled', 'lost'];
const MEMBER_KINDS = ['phone', 'real_name', 'in_person'];

/**
 * Sharing huts (共享小屋): huts with opening hours and closures, keepers, the catalogue (items and
 * their physical units, or pooled stock), lending policies, holds, loans, each item's history, a
 * search index over the catalogue, and the opaque member codes the desk scans.
 * Every state change is a conditional update (`where status = …` or `where version = …`).
 */
export const huts: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('huts')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('community_code', 'text', (c) => c.notNull().references('divisions.code'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      // Weekly hours, JSON {"1": [["09:00","12:00"]], …, "7": []} by ISO weekday (1 = Monday).
      .addColumn('hours', h.json(), (c) => c.notNull().defaultTo('{}'))
      .addColumn('active', h.bool(), (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('huts_community_idx').on('huts').column('community_code').execute();
    // Dated closures and holidays (hut-local calendar dates, YYYY-MM-DD).
    await db.schema
      .createTable('hut_closures')
      .addColumn('hut_id', h.id(), (c) => c.notNull().references('huts.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addPrimaryKeyConstraint('hut_closures_pk', ['hut_id', 'date'])
      .execute();
    await db.schema
      .createTable('hut_keepers')
      .addColumn('hut_id', h.id(), (c) => c.notNull().references('huts.id'))
      .addColumn('account_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addPrimaryKeyConstraint('hut_keepers_pk', ['hut_id', 'account_id'])
      .execute();
    await db.schema.createIndex('hut_keepers_account_idx').on('hut_keepers').column('account_id').execute();

    await db.schema
      .createTable('hut_items')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('hut_id', h.id(), (c) => c.notNull().references('huts.id'))
      // Denormalised from the hut for scoped lists and the search index.
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('owner_kind', 'text', (c) => c.notNull().check(h.oneOf('owner_kind', ['hut', 'resident'])))
      // Resident-owned: the lender. Hut-owned: null.
      .addColumn('owner_id', h.id(), (c) => c.references('accounts.id'))
      // Hut-owned and donated: who gave it (thanked by nickname), and an optional public note.
      .addColumn('donor_id', h.id(), (c) => c.references('accounts.id'))
      .addColumn('donor_note', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('condition', 'text', (c) => c.notNull().check(h.oneOf('condition', CONDITIONS)))
      .addColumn('accessories', h.json(), (c) => c.notNull().defaultTo('[]'))
      .addColumn('sanitise_after_return', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('safety_check', h.bool(), (c) => c.notNull().defaultTo(0))
      // Null: the policy's deposit.
      .addColumn('deposit_points', h.int(), (c) =>
        c.check(sql`deposit_points is null or (deposit_points >= 0 and deposit_points <= 100000)`),
      )
      // Null: the policy's loan period.
      .addColumn('loan_days', h.int(), (c) => c.check(sql`loan_days is null or loan_days between 1 and 365`))
      // Pooled stock (cheap identical things, consumables): counted, not labelled one by one.
      .addColumn('pooled', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('consumable', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('stock_total', h.int(), (c) => c.notNull().defaultTo(0).check(sql`stock_total >= 0`))
      .addColumn('stock_available', h.int(), (c) =>
        c.notNull().defaultTo(0).check(sql`stock_available >= 0 and stock_available <= stock_total`),
      )
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', ['active', 'retired'])))
      .addColumn('loan_count', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('last_loan_at', h.timestamp())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('hut_items_hut_idx')
      .on('hut_items')
      .columns(['hut_id', 'status', 'category'])
      .execute();
    await db.schema
      .createIndex('hut_items_community_idx')
      .on('hut_items')
      .columns(['community_code', 'status'])
      .execute();
    await db.schema.createIndex('hut_items_owner_idx').on('hut_items').column('owner_id').execute();
    await db.schema
      .createTable('hut_item_photos')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('item_id', h.id(), (c) => c.notNull().references('hut_items.id'))
      .addColumn('position', h.int(), (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('bytes', h.bytes(), (c) => c.notNull())
      .addColumn('thumb', h.bytes(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addUniqueConstraint('hut_item_photos_position_uq', ['item_id', 'position'])
      .execute();
    // Search index: (term, item) rows with a weight; only active items are indexed.
    await db.schema
      .createTable('hut_item_terms')
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('item_id', h.id(), (c) => c.notNull().references('hut_items.id'))
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('weight', h.int(), (c) => c.notNull())
      .addPrimaryKeyConstraint('hut_item_terms_pk', ['term', 'item_id'])
      .execute();
    // Ranked walks for one-word queries: by term (district-wide) or term and community, best
    // weight first, so a search reads only the rows of the page it returns.
    await db.schema
      .createIndex('hut_item_terms_rank_idx')
      .on('hut_item_terms')
      .columns(['term', 'weight', 'item_id'])
      .execute();
    await db.schema
      .createIndex('hut_item_terms_scope_idx')
      .on('hut_item_terms')
      .columns(['term', 'community_code', 'weight', 'item_id'])
      .execute();
    await db.schema.createIndex('hut_item_terms_item_idx').on('hut_item_terms').column('item_id').execute();

    await db.schema
      .createTable('hut_units')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('item_id', h.id(), (c) => c.notNull().references('hut_items.id'))
      // Printed on the label (QR); unique across the whole installation.
      .addColumn('label', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', UNIT_STATUSES)))
      .addColumn('condition', 'text', (c) => c.notNull().check(h.oneOf('condition', CONDITIONS)))
      .addColumn('note', 'text')
      .addColumn('version', h.int(), (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('hut_units_item_idx')
      .on('hut_units')
      .columns(['item_id', 'status'])
      .execute();

    // Lending policies, resolved from the most specific match (hut × member kind × category) up
    // to the district default (all three null).
    await db.schema
      .createTable('hut_policies')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('hut_id', h.id(), (c) => c.references('huts.id'))
      .addColumn('member_kind', 'text', (c) =>
        c.check(sql`member_kind is null or ${h.oneOf('member_kind', MEMBER_KINDS)}`),
      )
      .addColumn('category', 'text')
      .addColumn('loan_days', h.int(), (c) => c.notNull().check(sql`loan_days between 1 and 365`))
      .addColumn('max_renewals', h.int(), (c) => c.notNull().check(sql`max_renewals between 0 and 20`))
      .addColumn('max_loans', h.int(), (c) => c.notNull().check(sql`max_loans between 0 and 100`))
      .addColumn('max_holds', h.int(), (c) => c.notNull().check(sql`max_holds between 0 and 100`))
      .addColumn('pickup_days', h.int(), (c) => c.notNull().check(sql`pickup_days between 1 and 30`))
      .addColumn('deposit_points', h.int(), (c) =>
        c.notNull().check(sql`deposit_points between 0 and 100000`),
      )
      .addColumn('needs_approval', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', h.id())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('hut_policies_scope_idx')
      .on('hut_policies')
      .columns(['district_code', 'hut_id', 'member_kind', 'category'])
      .execute();

    await db.schema
      .createTable('hut_holds')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('item_id', h.id(), (c) => c.notNull().references('hut_items.id'))
      .addColumn('member_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', HOLD_STATUSES)))
      // Queue order: the time placed, unless staff reordered it (then between two neighbours).
      .addColumn('position', h.timestamp(), (c) => c.notNull())
      // Set when ready: the unit kept for the member (null for pooled stock) and the last pickup day.
      .addColumn('unit_id', h.id(), (c) => c.references('hut_units.id'))
      .addColumn('ready_at', h.timestamp())
      .addColumn('pickup_by', 'text')
      .addColumn('reorder_reason', 'text')
      // Policies that need approval: the hold waits, not served, until staff approve it.
      .addColumn('approved', h.bool(), (c) => c.notNull().defaultTo(1))
      .addColumn('version', h.int(), (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    // One live hold per member per item: holding twice is a conflict, not a second place in line.
    await db.schema
      .createIndex('hut_holds_live_uq')
      .on('hut_holds')
      .columns(['item_id', 'member_id'])
      .unique()
      .where(sql.ref('status'), 'in', ['waiting', 'ready'])
      .execute();
    await db.schema
      .createIndex('hut_holds_queue_idx')
      .on('hut_holds')
      .columns(['item_id', 'status', 'position'])
      .execute();
    await db.schema
      .createIndex('hut_holds_member_idx')
      .on('hut_holds')
      .columns(['member_id', 'status'])
      .execute();
    await db.schema
      .createIndex('hut_holds_pickup_idx')
      .on('hut_holds')
      .columns(['status', 'pickup_by'])
      .execute();

    await db.schema
      .createTable('hut_loans')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('item_id', h.id(), (c) => c.notNull().references('hut_items.id'))
      .addColumn('unit_id', h.id(), (c) => c.references('hut_units.id'))
      .addColumn('hut_id', h.id(), (c) => c.notNull().references('huts.id'))
      .addColumn('borrower_id', h.id(), (c) => c.notNull().references('accounts.id'))
      // Resident-owned items: the owner who lends. Desk loans: null.
      .addColumn('lender_id', h.id(), (c) => c.references('accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull().check(h.oneOf('kind', ['desk', 'neighbour'])))
      .addColumn('status', 'text', (c) => c.notNull().check(h.oneOf('status', LOAN_STATUSES)))
      .addColumn('quantity', h.int(), (c) => c.notNull().defaultTo(1).check(sql`quantity >= 1`))
      .addColumn('hold_id', h.id(), (c) => c.references('hut_holds.id'))
      // Hut-local calendar date the item is due back (never a closed day).
      .addColumn('due_date', 'text')
      // Neighbour loans: the agreed hand-back time, fixed when the request is made.
      .addColumn('return_by', h.timestamp())
      .addColumn('pickup_at', h.timestamp())
      .addColumn('renewals', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('checkout_condition', 'text')
      .addColumn('return_condition', 'text')
      .addColumn('lender_confirmed_out', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('borrower_confirmed_out', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('lender_confirmed_back', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('borrower_confirmed_back', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text')
      .addColumn('deposit_points', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('deposit_status', 'text', (c) =>
        c.notNull().check(h.oneOf('deposit_status', ['none', 'held', 'released', 'forfeited'])),
      )
      .addColumn('deposit_transfer_id', h.id())
      .addColumn('damage', 'text', (c) =>
        c.notNull().check(h.oneOf('damage', ['none', 'damaged', 'lost', 'settled'])),
      )
      .addColumn('damage_note', 'text')
      .addColumn('settled_by', h.id(), (c) => c.references('accounts.id'))
      .addColumn('reminded_at', h.timestamp())
      .addColumn('version', h.int(), (c) => c.notNull().defaultTo(1))
      .addColumn('checked_out_at', h.timestamp())
      .addColumn('returned_at', h.timestamp())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    // One open loan per unit: a second check-out of the same copy cannot be stored.
    await db.schema
      .createIndex('hut_loans_unit_open_uq')
      .on('hut_loans')
      .column('unit_id')
      .unique()
      .where(sql.ref('status'), 'in', ['accepted', 'active'])
      .execute();
    await db.schema
      .createIndex('hut_loans_borrower_idx')
      .on('hut_loans')
      .columns(['borrower_id', 'status'])
      .execute();
    await db.schema
      .createIndex('hut_loans_lender_idx')
      .on('hut_loans')
      .columns(['lender_id', 'status'])
      .execute();
    await db.schema
      .createIndex('hut_loans_hut_idx')
      .on('hut_loans')
      .columns(['hut_id', 'status', 'due_date'])
      .execute();
    await db.schema
      .createIndex('hut_loans_item_idx')
      .on('hut_loans')
      .columns(['item_id', 'status'])
      .execute();

    // Condition photos taken at a handover (out) or a return (back), by either side or the desk.
    await db.schema
      .createTable('hut_loan_photos')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('loan_id', h.id(), (c) => c.notNull().references('hut_loans.id'))
      .addColumn('stage', 'text', (c) => c.notNull().check(h.oneOf('stage', ['out', 'back'])))
      .addColumn('account_id', h.id(), (c) => c.references('accounts.id'))
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('bytes', h.bytes(), (c) => c.notNull())
      .addColumn('thumb', h.bytes(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('hut_loan_photos_loan_idx').on('hut_loan_photos').column('loan_id').execute();
    await db.schema
      .createTable('hut_item_events')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('item_id', h.id(), (c) => c.notNull().references('hut_items.id'))
      .addColumn('unit_id', h.id(), (c) => c.references('hut_units.id'))
      .addColumn('loan_id', h.id(), (c) => c.references('hut_loans.id'))
      .addColumn('hold_id', h.id(), (c) => c.references('hut_holds.id'))
      .addColumn('actor_id', h.id(), (c) => c.references('accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', h.json(), (c) => c.notNull().defaultTo('{}'))
      .addColumn('log_index', h.timestamp())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('hut_item_events_item_idx')
      .on('hut_item_events')
      .columns(['item_id', 'created_at'])
      .execute();

    // The code on a resident's member card (QR): opaque and random, never the phone number.
    await db.schema
      .createTable('hut_member_codes')
      .addColumn('account_id', h.id(), (c) => c.primaryKey().references('accounts.id'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    for (const table of [
      'hut_member_codes',
      'hut_item_events',
      'hut_loan_photos',
      'hut_loans',
      'hut_holds',
      'hut_policies',
      'hut_units',
      'hut_item_terms',
      'hut_item_photos',
      'hut_items',
      'hut_keepers',
      'hut_closures',
      'huts',
    ])
      await db.schema.dropTable(table).execute();
  },
};
