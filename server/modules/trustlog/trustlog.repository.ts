import type { Kysely, Transaction } from 'kysely';
import { type DialectName, forUpdate, toNumber } from '../../db/dialect.js';
import type { Database, LogCheckpointsTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface NodeRef {
  level: number;
  index: number;
}

export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  note: string;
  createdAt: number;
}

export interface StoredCosignature {
  checkpointSize: number;
  witness: string;
  line: string;
  signedAt: number;
}

const bytes = (b: Uint8Array | Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const toCheckpoint = (row: LogCheckpointsTable): StoredCheckpoint => ({
  size: toNumber(row.size),
  root: bytes(row.root),
  note: row.note,
  createdAt: toNumber(row.created_at),
});
const INSERT_CHUNK = 400;

/** Kysely access to the log tables. Works on a database or inside the caller's transaction. */
export class TrustLogRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: DialectName,
  ) {}

  withExecutor(executor: Executor): TrustLogRepository {
    return new TrustLogRepository(executor, this.dialect);
  }

  /**
   * Reserves `count` indices by bumping the head; returns the first. On PostgreSQL the head row
   * stays locked until the caller's transaction ends, so concurrent appenders (from any process)
   * queue here and indices are gap-free and in commit order; SQLite serialises writers anyway.
   */
  async reserve(count: number): Promise<number> {
    const row = await this.db
      .updateTable('log_head')
      .set((eb) => ({ size: eb('size', '+', count) }))
      .where('id', '=', 1)
      .returning('size')
      .executeTakeFirstOrThrow();
    return toNumber(row.size) - count;
  }

  /** The committed size of the log. */
  async size(): Promise<number> {
    const row = await this.db
      .selectFrom('log_head')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return toNumber(row.size);
  }

  /** Size read under a row lock (PostgreSQL) for a consistent snapshot inside a transaction. */
  async sizeForUpdate(): Promise<number> {
    const row = await forUpdate(
      this.dialect,
      this.db.selectFrom('log_head').select('size').where('id', '=', 1),
    ).executeTakeFirstOrThrow();
    return toNumber(row.size);
  }

  async insertEntries(
    rows: { index: number; kind: string; bytes: Uint8Array; createdAt: number }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('log_entries')
        .values(
          rows
            .slice(i, i + INSERT_CHUNK)
            .map((r) => ({ idx: r.index, kind: r.kind, body: r.bytes, created_at: r.createdAt })),
        )
        .execute();
    }
  }

  async insertHashes(rows: { level: number; index: number; hash: Uint8Array }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('log_hashes')
        .values(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ level: r.level, idx: r.index, hash: r.hash })))
        .execute();
    }
  }

  /** Stored subtree hashes by (level, index), in one query; missing ones are absent from the map. */
  async hashes(refs: NodeRef[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    if (refs.length === 0) return out;
    const rows = await this.db
      .selectFrom('log_hashes')
      .select(['level', 'idx', 'hash'])
      .where((eb) =>
        eb(
          eb.refTuple('level', 'idx'),
          'in',
          refs.map((r) => eb.tuple(r.level, r.index)),
        ),
      )
      .execute();
    for (const row of rows) out.set(`${row.level}/${toNumber(row.idx)}`, bytes(row.hash));
    return out;
  }

  /** Hashes at one level for indices [from, to), in order (hash tiles). */
  async hashesAtLevel(level: number, from: number, to: number): Promise<Uint8Array[]> {
    const rows = await this.db
      .selectFrom('log_hashes')
      .select(['idx', 'hash'])
      .where('level', '=', level)
      .where('idx', '>=', from)
      .where('idx', '<', to)
      .orderBy('idx')
      .execute();
    return rows.map((r) => bytes(r.hash));
  }

  async entries(
    from: number,
    to: number,
  ): Promise<{ index: number; kind: string; bytes: Uint8Array; createdAt: number }[]> {
    const rows = await this.db
      .selectFrom('log_entries')
      .selectAll()
      .where('idx', '>=', from)
      .where('idx', '<', to)
      .orderBy('idx')
      .execute();
    return rows.map((r) => ({
      index: toNumber(r.idx),
      kind: r.kind,
      bytes: bytes(r.body),
      createdAt: toNumber(r.created_at),
    }));
  }

  async findLeaf(hash: Uint8Array): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('log_hashes')
      .select('idx')
      .where('level', '=', 0)
      .where('hash', '=', hash)
      .executeTakeFirst();
    return row ? toNumber(row.idx) : undefined;
  }

  async insertCheckpoint(cp: StoredCheckpoint): Promise<void> {
    await this.db
      .insertInto('log_checkpoints')
      .values({ size: cp.size, root: cp.root, note: cp.note, created_at: cp.createdAt })
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const row = await this.db
      .selectFrom('log_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toCheckpoint(row);
  }

  /** The newest checkpoint covering leaf `index` (size > index), for receipts: it has the most cosignatures. */
  async checkpointCovering(index: number): Promise<StoredCheckpoint | undefined> {
    const row = await this.db
      .selectFrom('log_checkpoints')
      .selectAll()
      .where('size', '>', index)
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toCheckpoint(row);
  }

  async checkpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.db
      .selectFrom('log_checkpoints')
      .selectAll()
      .where('size', '>', afterSize)
      .orderBy('size')
      .limit(limit)
      .execute();
    return rows.map(toCheckpoint);
  }

  async insertCosignature(c: StoredCosignature): Promise<void> {
    await this.db
      .insertInto('log_cosignatures')
      .values({ checkpoint_size: c.checkpointSize, witness: c.witness, line: c.line, signed_at: c.signedAt })
      .onConflict((oc) => oc.columns(['checkpoint_size', 'witness']).doNothing())
      .execute();
  }

  /**
   * Each checkpoint's signed note with its witnesses' cosignature lines appended (the form
   * served at /checkpoint), cosignatures read in one query for all of them.
   */
  async cosignedNotes(checkpoints: StoredCheckpoint[]): Promise<string[]> {
    if (checkpoints.length === 0) return [];
    const rows = await this.db
      .selectFrom('log_cosignatures')
      .select(['checkpoint_size', 'line'])
      .where(
        'checkpoint_size',
        'in',
        checkpoints.map((c) => c.size),
      )
      .orderBy('checkpoint_size')
      .orderBy('witness')
      .execute();
    const lines = new Map<number, string>();
    for (const r of rows) {
      const size = toNumber(r.checkpoint_size);
      lines.set(size, `${lines.get(size) ?? ''}${r.line}\n`);
    }
    return checkpoints.map((c) => c.note + (lines.get(c.size) ?? ''));
  }

  async cosignatures(checkpointSize: number): Promise<StoredCosignature[]> {
    const rows = await this.db
      .selectFrom('log_cosignatures')
      .selectAll()
      .where('checkpoint_size', '=', checkpointSize)
      .orderBy('witness')
      .execute();
    return rows.map((r) => ({
      checkpointSize: toNumber(r.checkpoint_size),
      witness: r.witness,
      line: r.line,
      signedAt: toNumber(r.signed_at),
    }));
  }

  /** The largest checkpoint size a witness has cosigned (0 when none): its view of the log. */
  async witnessedSize(witness: string): Promise<number> {
    const row = await this.db
      .selectFrom('log_cosignatures')
      .select((eb) => eb.fn.max('checkpoint_size').as('size'))
      .where('witness', '=', witness)
      .executeTakeFirst();
    return toNumber(row?.size ?? 0);
  }

  async salt(subject: string): Promise<Uint8Array | undefined> {
    return (await this.saltWithAge(subject))?.salt;
  }

  async saltWithAge(subject: string): Promise<{ salt: Uint8Array; createdAt: number } | undefined> {
    const row = await this.db
      .selectFrom('log_salts')
      .select(['salt', 'created_at'])
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row && { salt: bytes(row.salt), createdAt: Number(row.created_at) };
  }

  async insertSalt(subject: string, salt: Uint8Array, now: number): Promise<void> {
    await this.db
      .insertInto('log_salts')
      .values({ subject, salt, created_at: now })
      .onConflict((oc) => oc.column('subject').doNothing())
      .execute();
  }

  async deleteSalt(subject: string): Promise<boolean> {
    const result = await this.db.deleteFrom('log_salts').where('subject', '=', subject).executeTakeFirst();
    return toNumber(result.numDeletedRows) > 0;
  }
}
