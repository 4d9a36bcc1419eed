import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { DivisionLevel } from '../../../common/schemas/divisions.js';
import { toNumber } from '../../db/dialect.js';
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

/** Selects how many divisions have `d` as parent, as `child_count`. */
const childCount = (eb: ExpressionBuilder<Database & { d: DivisionsTable }, 'd'>) =>
  eb
    .selectFrom('divisions as c')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('c.parent_code', '=', 'd.code')
    .as('child_count');

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
      .select(childCount)
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
      .select(childCount)
      .where('d.parent_code', '=', parentCode)
      .orderBy('d.code')
      .execute();
    return rows.map((row) => ({ ...toRecord(row), childCount: toNumber(row.child_count) }));
  }

  /** Communities (and villages) below a division, in code order. */
  async communitiesUnder(prefix: string): Promise<DivisionRecord[]> {
    const rows = await this.db
      .selectFrom('divisions')
      .selectAll()
      .where('level', '=', 'community')
      .where('code', 'like', `${prefix}%`)
      .orderBy('code')
      .execute();
    return rows.map(toRecord);
  }

  /** Every division, for the in-memory search index. */
  async listAll(): Promise<DivisionRecord[]> {
    const rows = await this.db.selectFrom('divisions').selectAll().execute();
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
