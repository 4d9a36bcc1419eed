import { sql } from 'kysely';
import type { PortableMigration } from '../migrator.js';

/**
 * Reviews (issue #8): review windows of a subject (an exchange, later a loan or a shift) for its
 * two participants, the reviews themselves (never deleted; moderation hides), reports, and each
 * person's cached reputation aggregate (kept in the review's transaction, read by matching).
 */
export const reviews: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('review_windows')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('subject_kind', 'text', (c) =>
        c.notNull().check(h.oneOf('subject_kind', ['exchange', 'loan', 'shift'])),
      )
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('party_a', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('party_b', h.id(), (c) => c.notNull().references('accounts.id'))
      // The community whose staff moderate reviews given in this window when the person has no home.
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('opened_at', h.timestamp(), (c) => c.notNull())
      .addColumn('closes_at', h.timestamp(), (c) => c.notNull())
      .addColumn('closed_at', h.timestamp())
      .addCheckConstraint('review_windows_two_parties', sql`party_a <> party_b`)
      .execute();
    await db.schema
      .createIndex('review_windows_subject_uq')
      .on('review_windows')
      .columns(['subject_kind', 'subject_id'])
      .unique()
      .execute();
    await db.schema
      .createIndex('review_windows_a_idx')
      .on('review_windows')
      .columns(['party_a', 'closes_at'])
      .execute();
    await db.schema
      .createIndex('review_windows_b_idx')
      .on('review_windows')
      .columns(['party_b', 'closes_at'])
      .execute();

    await db.schema
      .createTable('reviews')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('window_id', h.id(), (c) => c.notNull().references('review_windows.id'))
      .addColumn('reviewer_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('reviewee_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('stars', h.int(), (c) => c.notNull().check(sql`stars between 1 and 5`))
      .addColumn('tags', h.json(), (c) => c.notNull().defaultTo('[]'))
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      // Random salt of the comment's hash in the log, so a short comment cannot be guessed from it.
      .addColumn('salt', 'text', (c) => c.notNull())
      .addColumn('editable_until', h.timestamp(), (c) => c.notNull())
      .addColumn('published_at', h.timestamp())
      // Trust-log index of the `review.published` entry (the one that backs the credit record).
      .addColumn('published_index', h.timestamp())
      // 1 when it counts in the reviewee's average (the first by this reviewer of them in 30 days).
      .addColumn('counted', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('hidden_at', h.timestamp())
      .addColumn('hidden_by', h.id(), (c) => c.references('accounts.id'))
      .addColumn('hidden_reason', 'text')
      .addColumn('log_indexes', h.json(), (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    // Once each: one review per reviewer per window.
    await db.schema
      .createIndex('reviews_window_reviewer_uq')
      .on('reviews')
      .columns(['window_id', 'reviewer_id'])
      .unique()
      .execute();
    await db.schema
      .createIndex('reviews_reviewee_idx')
      .on('reviews')
      .columns(['reviewee_id', 'published_at'])
      .execute();
    await db.schema
      .createIndex('reviews_reviewer_idx')
      .on('reviews')
      .columns(['reviewer_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('review_reports')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('review_id', h.id(), (c) => c.notNull().references('reviews.id'))
      .addColumn('reporter_id', h.id(), (c) => c.notNull().references('accounts.id'))
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('decided_at', h.timestamp())
      .addColumn('decided_by', h.id(), (c) => c.references('accounts.id'))
      .addColumn('decision', 'text', (c) => c.check(sql`decision is null or decision in ('hide', 'keep')`))
      .addColumn('decision_reason', 'text')
      .execute();
    await db.schema
      .createIndex('review_reports_uq')
      .on('review_reports')
      .columns(['review_id', 'reporter_id'])
      .unique()
      .execute();
    await db.schema
      .createIndex('review_reports_queue_idx')
      .on('review_reports')
      .columns(['community_code', 'decided_at'])
      .execute();

    await db.schema
      .createTable('reputation')
      .addColumn('account_id', h.id(), (c) => c.primaryKey().references('accounts.id'))
      .addColumn('stars_sum', h.int(), (c) => c.notNull().defaultTo(0).check(sql`stars_sum >= 0`))
      .addColumn('reviews_count', h.int(), (c) => c.notNull().defaultTo(0).check(sql`reviews_count >= 0`))
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('reputation').execute();
    await db.schema.dropTable('review_reports').execute();
    await db.schema.dropTable('reviews').execute();
    await db.schema.dropTable('review_windows').execute();
  },
};
