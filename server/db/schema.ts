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

export interface LogHeadTable {
  id: number;
  size: number;
}

export interface LogEntriesTable {
  idx: number;
  kind: string;
  body: Uint8Array;
  created_at: number;
}

export interface LogHashesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface LogCheckpointsTable {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: number;
}

export interface LogCosignaturesTable {
  checkpoint_size: number;
  witness: string;
  line: string;
  signed_at: number;
}

export interface LogSaltsTable {
  subject: string;
  salt: Uint8Array;
  created_at: number;
}

export interface Database {
  log_head: LogHeadTable;
  log_entries: LogEntriesTable;
  log_hashes: LogHashesTable;
  log_checkpoints: LogCheckpointsTable;
  log_cosignatures: LogCosignaturesTable;
  log_salts: LogSaltsTable;
  divisions: DivisionsTable;
  division_imports: DivisionImportsTable;
  kysely_migration: { name: string; timestamp: string; id?: Generated<number> };
}
