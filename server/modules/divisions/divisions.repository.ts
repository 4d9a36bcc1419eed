import { type Kysely, sql, type Transaction } from 'kysely';
import type { DivisionLevel } from '../../../common/schemas/divisions.js';
import { likeEscape, likeExpr, toNumber } from '../../db/dialect.js';
import type { Database, DivisionsTable } from '../../db/schema.js';

export interface DivisionRecord {
  code: string;
  name: string;
  shortName: string;
  level: DivisionLevel;
  parentCode: string | null;
  pathLabel: string;
  pinyin: string;
  initials: string;
  shortPinyin: string;
}

export interface DivisionWithChildCount extends DivisionRecord {
  childCount: number;
}

export interface DivisionSearch {
  /** Lower-cased, trimmed query. */
  text: string;
  kind: 'code' | 'latin' | 'hanzi';
  /** Full 12-digit code prefix scope, e.g. '440604'. */
  withinPrefix?: string | undefined;
  limit: number;
}

type Executor = Kysely<Database> | Transaction<Database>;

function toRecord(row: DivisionsTable): DivisionRecord {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    level: row.level as DivisionLevel,
    parentCode: row.parent_code,
    pathLabel: row.path_label,
    pinyin: row.pinyin,
    initials: row.initials,
    shortPinyin: row.short_pinyin,
  };
}

const LEVEL_ORDER = sql<number>`case level when 'province' then 0 when 'city' then 1 when 'district' then 2 when 'street' then 3 else 4 end`;

/** Kysely access to `divisions` and `division_imports`. Works on a database or a transaction. */
export class DivisionsRepository {
  constructor(private readonly db: Executor) {}

  withExecutor(executor: Executor): DivisionsRepository {
    return new DivisionsRepository(executor);
  }

  /** Inserts rows that are not there yet (by code); returns how many were new. */
  async insertMissing(rows: DivisionRecord[], now: number): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('divisions')
      .values(
        rows.map((r) => ({
          code: r.code,
          name: r.name,
          short_name: r.shortName,
          level: r.level,
          parent_code: r.parentCode,
          path_label: r.pathLabel,
          pinyin: r.pinyin,
          initials: r.initials,
          short_pinyin: r.shortPinyin,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows);
  }

  async findByCode(code: string): Promise<DivisionRecord | undefined> {
    const row = await this.db.selectFrom('divisions').selectAll().where('code', '=', code).executeTakeFirst();
    return row && toRecord(row);
  }

  async findWithChildCount(code: string): Promise<DivisionWithChildCount | undefined> {
    const row = await this.db
      .selectFrom('divisions as d')
      .selectAll('d')
      .select((eb) =>
        eb
          .selectFrom('divisions as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.parent_code', '=', 'd.code')
          .as('child_count'),
      )
      .where('d.code', '=', code)
      .executeTakeFirst();
    return row && { ...toRecord(row), childCount: toNumber(row.child_count) };
  }

  async findMany(codes: string[]): Promise<DivisionRecord[]> {
    if (codes.length === 0) return [];
    const rows = await this.db.selectFrom('divisions').selectAll().where('code', 'in', codes).execute();
    return rows.map(toRecord);
  }

  /** Children of a division, in code order (the official order), each with its own child count. */
  async children(parentCode: string): Promise<DivisionWithChildCount[]> {
    const rows = await this.db
      .selectFrom('divisions as d')
      .selectAll('d')
      .select((eb) =>
        eb
          .selectFrom('divisions as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.parent_code', '=', 'd.code')
          .as('child_count'),
      )
      .where('d.parent_code', '=', parentCode)
      .orderBy('d.code')
      .execute();
    return rows.map((row) => ({ ...toRecord(row), childCount: toNumber(row.child_count) }));
  }

  /** Name, pinyin, initials or code search, best match first: exact, then prefix, then contains. */
  async search(search: DivisionSearch): Promise<DivisionRecord[]> {
    const { text, kind } = search;
    const prefix = `${likeEscape(text)}%`;
    const contains = `%${likeEscape(text)}%`;
    let query = this.db.selectFrom('divisions').selectAll();
    if (search.withinPrefix)
      query = query.where(likeExpr(sql.ref('code'), `${likeEscape(search.withinPrefix)}%`));
    // Code search needs no relevance rank: a prefix match is all there is.
    let rank: ReturnType<typeof sql<number>> | undefined;
    if (kind === 'code') {
      query = query.where(likeExpr(sql.ref('code'), prefix));
    } else if (kind === 'latin') {
      query = query.where((eb) =>
        eb.or([
          likeExpr(sql.ref('short_pinyin'), prefix),
          likeExpr(sql.ref('initials'), prefix),
          likeExpr(sql.ref('pinyin'), contains),
        ]),
      );
      rank = sql<number>`case when short_pinyin = ${text} or initials = ${text} then 0
        when short_pinyin like ${prefix} escape '\\' then 1
        when initials like ${prefix} escape '\\' then 2 else 3 end`;
    } else {
      query = query.where((eb) =>
        eb.or([likeExpr(sql.ref('name'), contains), likeExpr(sql.ref('short_name'), contains)]),
      );
      rank = sql<number>`case when short_name = ${text} or name = ${text} then 0
        when short_name like ${prefix} escape '\\' then 1 else 2 end`;
    }
    if (rank) query = query.orderBy(rank);
    const rows = await query.orderBy(LEVEL_ORDER).orderBy('code').limit(search.limit).execute();
    return rows.map(toRecord);
  }

  async recordImport(code: string, divisionCount: number, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('division_imports')
      .values({ code, division_count: divisionCount, imported_at: now })
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows) > 0;
  }

  /** The imported areas, each with its child count, in code order. */
  async importedRoots(): Promise<DivisionWithChildCount[]> {
    const imports = await this.db.selectFrom('division_imports').select('code').orderBy('code').execute();
    const out: DivisionWithChildCount[] = [];
    for (const { code } of imports) {
      const found = await this.findWithChildCount(code);
      if (found) out.push(found);
    }
    return out;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('divisions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }
}
