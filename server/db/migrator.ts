import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
} from 'kysely';
import { AppError } from '../errors.js';
import type { Db } from './database.js';
import { type ColumnHelpers, columnHelpers, type DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';

/** A migration as written in migrations/: frozen in time, given `Kysely<any>` and column helpers. */
export interface PortableMigration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
  up(db: Kysely<any>, h: ColumnHelpers): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  down(db: Kysely<any>, h: ColumnHelpers): Promise<void>;
}

class PortableMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const h = columnHelpers(this.dialect);
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db) => m.up(db, h), down: (db) => m.down(db, h) };
    }
    return out;
  }
}

function migratorFor(db: Db): Migrator {
  return new Migrator({ db: db.kysely, provider: new PortableMigrationProvider(db.dialect) });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(result.error as Error).message}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Applies all pending migrations; returns the names applied. Safe to run from several processes. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateToLatest());
}

/** Reverts every migration (tests and `linli db reset`). */
export async function migrateAllDown(db: Db): Promise<string[]> {
  const migrator = migratorFor(db);
  const applied: string[] = [];
  for (;;) {
    const names = check(await migrator.migrateDown());
    if (names.length === 0) return applied;
    applied.push(...names);
  }
}

/** The newest applied migration's name: the schema version reported by /api/health. */
export async function schemaVersion(db: Db): Promise<string> {
  const migrations = await migratorFor(db).getMigrations();
  const applied = migrations.filter((m) => m.executedAt);
  const last = applied.at(-1);
  if (!last) throw new AppError('service_unavailable');
  return last.name;
}

export const latestMigrationName = Object.keys(migrations).sort().at(-1)!;
