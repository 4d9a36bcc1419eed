import { sql } from 'kysely';
import type { PortableMigration } from '../migrator.js';

/**
 * The trust log: entries, the stored perfect subtrees of the RFC 6962 tree (level 0 = leaf
 * hashes), the single-row head whose size is the next index (its row lock makes appends
 * gap-free across processes), signed checkpoints, witness cosignatures, and the commitment salts
 * kept off the log (deleting one crypto-shreds a person's pseudonym).
 */
export const trustlog: PortableMigration = {
  async up(db, h) {
    await db.schema
      .createTable('log_head')
      .addColumn('id', h.int(), (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('size', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('log_head').values({ id: 1, size: 0 }).execute();
    await db.schema
      .createTable('log_entries')
      .addColumn('idx', 'bigint', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', h.bytes(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('log_hashes')
      .addColumn('level', h.int(), (c) => c.notNull())
      .addColumn('idx', 'bigint', (c) => c.notNull())
      .addColumn('hash', h.bytes(), (c) => c.notNull())
      .addPrimaryKeyConstraint('log_hashes_pk', ['level', 'idx'])
      .execute();
    // Receipts can be looked up by leaf hash.
    await db.schema
      .createIndex('log_hashes_leaf_idx')
      .on('log_hashes')
      .column('hash')
      .where(sql.ref('level'), '=', 0)
      .execute();
    await db.schema
      .createTable('log_checkpoints')
      .addColumn('size', 'bigint', (c) => c.primaryKey())
      .addColumn('root', h.bytes(), (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('log_cosignatures')
      .addColumn('checkpoint_size', 'bigint', (c) => c.notNull().references('log_checkpoints.size'))
      .addColumn('witness', 'text', (c) => c.notNull())
      .addColumn('line', 'text', (c) => c.notNull())
      .addColumn('signed_at', h.timestamp(), (c) => c.notNull())
      .addPrimaryKeyConstraint('log_cosignatures_pk', ['checkpoint_size', 'witness'])
      .execute();
    await db.schema
      .createTable('log_salts')
      .addColumn('subject', 'text', (c) => c.primaryKey())
      .addColumn('salt', h.bytes(), (c) => c.notNull())
      .addColumn('created_at', h.timestamp(), (c) => c.notNull())
      .execute();
  },
  async down(db) {
    for (const table of [
      'log_salts',
      'log_cosignatures',
      'log_checkpoints',
      'log_hashes',
      'log_entries',
      'log_head',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
