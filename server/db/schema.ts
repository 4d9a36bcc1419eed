import type { Generated } from 'kysely';

/** Table types as Kysely sees them. Columns are snake_case; repositories map them to camelCase. */
export interface DivisionsTable {
  code: string;
  name: string;
  short_name: string;
  level: string;
  parent_code: string | null;
  path_label: string;
  pinyin: string;
  initials: string;
  short_pinyin: string;
  created_at: number;
}

export interface DivisionImportsTable {
  code: string;
  division_count: number;
  imported_at: number;
}

export interface Database {
  divisions: DivisionsTable;
  division_imports: DivisionImportsTable;
  kysely_migration: { name: string; timestamp: string; id?: Generated<number> };
}
