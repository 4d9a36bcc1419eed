import { type Kysely, sql } from 'kysely';
import type { ColumnHelpers } from '../dialect.js';
import type { PortableMigration } from '../migrator.js';

/**
 * Deposits (押金) in the love bank: an `escrow` account kind (one per community, holding deposits
 * for things lent there) and three transfer types: `deposit` (resident → escrow), `deposit_release`
 * (escrow → resident) and `deposit_forfeit` (escrow → the community pool). Only the CHECK
 * constraints of points_accounts.kind and points_transfers.type change.
 *
 * PostgreSQL alters the constraints. SQLite cannot, so each table is rebuilt from its own stored
 * definition with the list widened (SQLite's documented procedure: foreign keys off, new table,
 * copy, drop, rename, indexes back, foreign_key_check); Kysely runs SQLite migrations outside a
 * transaction, so the pragma takes effect.
 */
const OLD_KINDS = ['resident', 'issuance', 'pool', 'adjustment', 'expiry'];
const NEW_KINDS = [...OLD_KINDS, 'escrow'];
const OLD_TYPES = ['earn', 'gift', 'donation', 'grant', 'adjustment', 'reversal', 'expiry', 'overflow'];
const NEW_TYPES = [...OLD_TYPES, 'deposit', 'deposit_release', 'deposit_forfeit'];

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

async function rebuildSqliteTable(db: AnyDb, table: string, from: string[], to: string[]): Promise<void> {
  const row = await sql<{
    sql: string;
  }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const ddl = row.rows[0]?.sql;
  if (!ddl) throw new Error(`no table ${table}`);
  const oldList = `in (${list(from)})`;
  if (!ddl.includes(oldList)) throw new Error(`${table}: the CHECK list to widen was not found`);
  const tmp = `${table}_rebuild`;
  const newDdl = ddl.replace(oldList, `in (${list(to)})`).replace(`"${table}"`, `"${tmp}"`);
  const indexes = await sql<{
    sql: string;
  }>`select sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(
    db,
  );
  await sql.raw(newDdl).execute(db);
  await sql.raw(`insert into "${tmp}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${tmp}" rename to "${table}"`).execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}

async function change(db: AnyDb, h: ColumnHelpers, kinds: string[][], types: string[][]): Promise<void> {
  if (h.dialect === 'postgres') {
    for (const [table, column, values] of [
      ['points_accounts', 'kind', kinds[1]!],
      ['points_transfers', 'type', types[1]!],
    ] as const) {
      const found = await sql<{ conname: string }>`
        select conname from pg_constraint
        where conrelid = ${table}::regclass and contype = 'c'
          and pg_get_constraintdef(oid) like ${`%${column}%`}`.execute(db);
      for (const c of found.rows)
        await sql.raw(`alter table ${table} drop constraint "${c.conname}"`).execute(db);
      await sql
        .raw(
          `alter table ${table} add constraint ${table}_${column}_check check (${column} in (${list(values)}))`,
        )
        .execute(db);
    }
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await rebuildSqliteTable(db, 'points_accounts', kinds[0]!, kinds[1]!);
    await rebuildSqliteTable(db, 'points_transfers', types[0]!, types[1]!);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length) throw new Error('foreign keys broken by the rebuild');
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export const pointsDeposits: PortableMigration = {
  async up(db, h) {
    await change(db, h, [OLD_KINDS, NEW_KINDS], [OLD_TYPES, NEW_TYPES]);
  },
  async down(db, h) {
    await change(db, h, [NEW_KINDS, OLD_KINDS], [NEW_TYPES, OLD_TYPES]);
  },
};
