import { accessSync, constants as fsConstants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import { StartupError } from '../errors.js';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data lives, for messages: a file path or the PostgreSQL URL without password. */
  readonly location: string;
  close(): Promise<void>;
}

// pg returns int8 (bigint, our epoch-ms timestamps) as strings by default; they fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Data directory for the SQLite file; ':memory:' for an in-memory database (tests). */
  dataDir: string;
  poolSize?: number;
}

/** Opens the configured database and checks it answers; throws StartupError with one clear line. */
export async function openDatabase(options: OpenOptions): Promise<Db> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openSqlite(options.dataDir);
}

/**
 * Transactions that take the write lock when they begin (BEGIN IMMEDIATE). With plain BEGIN, two
 * connections (the server and a CLI command, say) that both read and then write fail at once with
 * SQLITE_BUSY instead of waiting; taking the lock up front lets busy_timeout queue them.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/**
 * Kysely prepares every statement afresh; compiling SQL costs more than running it for the short
 * statements of a transfer. Statements are cached by their text (a few hundred distinct ones).
 */
function withStatementCache(native: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = native.prepare.bind(native);
  return new Proxy(native, {
    get(target, property, receiver) {
      if (property === 'prepare')
        return (source: string) => {
          let statement = cache.get(source);
          if (!statement) {
            statement = prepare(source);
            if (cache.size > 2000) cache.clear();
            cache.set(source, statement);
          }
          return statement;
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function openSqlite(dataDir: string): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    try {
      mkdirSync(dataDir, { recursive: true });
      accessSync(dataDir, fsConstants.W_OK);
    } catch (error) {
      throw new StartupError(
        `The data directory ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? error}). Set LINLI_DATA_DIR to a writable folder.`,
      );
    }
    file = join(dataDir, 'linli.sqlite');
  }
  let native: BetterSqlite3.Database;
  try {
    native = new BetterSqlite3(file);
    native.pragma('journal_mode = WAL');
    native.pragma('foreign_keys = ON');
    native.pragma('busy_timeout = 5000');
    native.pragma('synchronous = NORMAL');
    native.pragma('cache_size = -65536');
    native.pragma('wal_autocheckpoint = 10000');
  } catch (error) {
    throw new StartupError(`Cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
  const kysely = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(native) }),
  });
  return {
    kysely,
    dialect: 'sqlite',
    location: file,
    close: () => kysely.destroy(),
  };
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function openPostgres(databaseUrl: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StartupError(
      `Cannot reach PostgreSQL at ${redact(databaseUrl)}: ${(error as Error).message || (error as NodeJS.ErrnoException).code}`,
    );
  }
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    location: redact(databaseUrl),
    close: () => kysely.destroy(),
  };
}
