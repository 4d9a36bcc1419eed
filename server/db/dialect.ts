import type { ColumnDataType, Expression, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Column helpers for migrations, so that each migration states intent (an id, a timestamp, a
 * flag) and the dialect differences live here only. See DESIGN.md "portable types".
 */
export function columnHelpers(dialect: DialectName) {
  return {
    dialect,
    /** Text id (UUIDv7 made by the app) or natural text key. */
    id: (): ColumnDataType => 'text',
    /** UTC epoch milliseconds. */
    timestamp: (): ColumnDataType => 'bigint',
    /** 0/1 integer so both databases read it the same way. */
    bool: (): ColumnDataType => 'integer',
    /** Integer points and counts. */
    int: (): ColumnDataType => 'integer',
    /** Raw bytes (hashes, entries): BLOB on SQLite, bytea on PostgreSQL; Buffer in Node either way. */
    bytes: (): ColumnDataType => (dialect === 'postgres' ? 'bytea' : 'blob'),
    /** JSON stored as text on both databases. */
    json: (): ColumnDataType => 'text',
    /** CHECK (column IN (...)) for text enums. */
    oneOf: (column: string, values: readonly string[]) =>
      sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`,
  };
}
export type ColumnHelpers = ReturnType<typeof columnHelpers>;

/** `FOR UPDATE` on PostgreSQL; SQLite already serialises writers, so the clause is dropped there. */
export function forUpdate<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate() : query;
}

/**
 * `FOR NO KEY UPDATE` on PostgreSQL: a row lock for changing non-key columns (a balance) that,
 * unlike FOR UPDATE, does not conflict with the KEY SHARE locks foreign-key checks take, so rows
 * inserted elsewhere that reference the locked row do not deadlock against it.
 */
export function forNoKeyUpdate<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forNoKeyUpdate() : query;
}

/** `count`/`sum` come back as strings from pg and bigints may too; normalise to number. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Escapes LIKE wildcards so user text matches literally (used with `escape '\'`). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function likeExpr(column: Expression<string>, pattern: string) {
  return sql<boolean>`${column} like ${pattern} escape '\\'`;
}
