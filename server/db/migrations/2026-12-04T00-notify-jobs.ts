import { sql } from 'kysely';
import type { PortableMigration } from '../migrator.js';

/**
 * Background work as rows (claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, by the single
 * process on SQLite), and each person's delivery choices (SMS for those who opt in).
 */
export const notifyJobs: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', h.id(), (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', h.json(), (c) => c.notNull())
      // Same key, one job: a job enqueued twice (a retried request) runs once.
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(h.oneOf('status', ['pending', 'running', 'done', 'failed'])),
      )
      .addColumn('run_at', h.timestamp(), (c) => c.notNull())
      .addColumn('attempts', h.int(), (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', h.int(), (c) => c.notNull())
      // A claim expires, so a job held by a process that died is taken up again.
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', h.timestamp())
      .addColumn('last_error', 'text')
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('jobs_due_idx')
      .on('jobs')
      .columns(['status', 'run_at'])
      .where(sql.ref('status'), 'in', ['pending', 'running'])
      .execute();
    await db.schema
      .createTable('notify_preferences')
      .addColumn('account_id', h.id(), (c) => c.primaryKey().references('accounts.id'))
      .addColumn('sms', h.bool(), (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('notify_preferences').execute();
    await db.schema.dropTable('jobs').execute();
  },
};
