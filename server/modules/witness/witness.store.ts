import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export interface WitnessedState {
  size: number;
  root: Uint8Array;
}

/**
 * What a witness remembers: the latest checkpoint it cosigned per log origin. A small SQLite file
 * of its own (a witness runs apart from any Linli database); writes are atomic, so a crash never
 * leaves it believing a size it did not cosign.
 */
export class WitnessStore {
  private readonly db: BetterSqlite3.Database;

  constructor(dataDir: string) {
    if (dataDir === ':memory:') this.db = new BetterSqlite3(':memory:');
    else {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      this.db = new BetterSqlite3(join(dataDir, 'witness.sqlite'));
      this.db.pragma('journal_mode = WAL');
    }
    this.db.exec(
      'create table if not exists witnessed (origin text primary key, size integer not null, root blob not null)',
    );
  }

  get(origin: string): WitnessedState | undefined {
    const row = this.db.prepare('select size, root from witnessed where origin = ?').get(origin) as
      | { size: number; root: Buffer }
      | undefined;
    return row && { size: row.size, root: new Uint8Array(row.root) };
  }

  /** Moves the state forward only from `expectedSize`; false when another update got there first. */
  advance(origin: string, expectedSize: number, next: WitnessedState): boolean {
    const current = this.get(origin);
    if ((current?.size ?? 0) !== expectedSize) return false;
    this.db
      .prepare(
        'insert into witnessed (origin, size, root) values (?, ?, ?) on conflict(origin) do update set size = excluded.size, root = excluded.root',
      )
      .run(origin, next.size, Buffer.from(next.root));
    return true;
  }

  close(): void {
    this.db.close();
  }
}
