import type { Kysely, Selectable, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type DialectName, toNumber } from '../../db/dialect.js';
import type { Database, JobsTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface NewJob {
  kind: string;
  payload: unknown;
  /** Same key, one job: enqueueing again (a retried request) adds nothing. */
  dedupeKey?: string | null | undefined;
  runAt?: number | undefined;
  maxAttempts?: number | undefined;
}

export interface JobRow {
  id: string;
  kind: string;
  payload: unknown;
  dedupeKey: string | null;
  status: JobsTable['status'];
  runAt: number;
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  lastError: string | null;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

function toJob(r: Selectable<JobsTable>): JobRow {
  return {
    id: r.id,
    kind: r.kind,
    payload: JSON.parse(r.payload),
    dedupeKey: r.dedupe_key,
    status: r.status,
    runAt: toNumber(r.run_at),
    attempts: toNumber(r.attempts),
    maxAttempts: toNumber(r.max_attempts),
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until === null ? null : toNumber(r.locked_until),
    lastError: r.last_error,
  };
}

/**
 * Background work as rows. A job is due when it is pending and its time has come, or when it is
 * running under a lease that has expired (its process died). Claims are conditional updates on
 * that same condition, so two runners never hold one job; on PostgreSQL the candidates are read
 * `FOR UPDATE SKIP LOCKED`, so concurrent runners pick different jobs instead of queueing.
 */
export class JobsRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: DialectName,
  ) {}

  /** Inserts a job unless one with the same dedupe key exists; returns its id, or null when deduped. */
  async enqueue(job: NewJob, now: number): Promise<string | null> {
    const id = uuidv7();
    const result = await this.db
      .insertInto('jobs')
      .values({
        id,
        kind: job.kind,
        payload: JSON.stringify(job.payload ?? null),
        dedupe_key: job.dedupeKey ?? null,
        status: 'pending',
        run_at: job.runAt ?? now,
        attempts: 0,
        max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows ?? 0) === 1 ? id : null;
  }

  /**
   * Claims up to `limit` due jobs of the given kinds (those the runner can handle; or the one with
   * `dedupeKey`) for `worker` until `now + leaseMs`, counting an attempt. Must run in a transaction on PostgreSQL (the row locks end with it).
   */
  async claim(
    worker: string,
    now: number,
    leaseMs: number,
    limit: number,
    kinds: readonly string[],
    dedupeKey?: string,
  ): Promise<JobRow[]> {
    if (kinds.length === 0) return [];
    let candidates = this.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', now)]),
        ]),
      )
      .where('kind', 'in', [...kinds])
      .orderBy('run_at')
      .limit(limit);
    if (dedupeKey !== undefined) candidates = candidates.where('dedupe_key', '=', dedupeKey);
    // Why SKIP LOCKED: a second runner passes over jobs the first is claiming rather than waiting
    // for them and then finding them taken. SQLite has one writer, so there is nothing to skip.
    if (this.dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
    const ids = (await candidates.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: worker,
        locked_until: now + leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', ids)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', now)]),
        ]),
      )
      .returningAll()
      .execute();
    return rows.map(toJob);
  }

  /** Done; false when the lease was lost meanwhile (another runner took the job up). */
  async complete(id: string, worker: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', worker)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  /** Another try at `runAt`, or `failed` for good when `runAt` is null. */
  async fail(id: string, worker: string, error: string, runAt: number | null, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({
        status: runAt === null ? 'failed' : 'pending',
        run_at: runAt ?? now,
        locked_by: null,
        locked_until: null,
        last_error: error.slice(0, 1000),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', worker)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async get(id: string): Promise<JobRow | null> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async byDedupeKey(key: string): Promise<JobRow | null> {
    const row = await this.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', key).executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async list(filter: { kind?: string; status?: JobsTable['status'] } = {}): Promise<JobRow[]> {
    let q = this.db.selectFrom('jobs').selectAll().orderBy('created_at').orderBy('id');
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.status) q = q.where('status', '=', filter.status);
    return (await q.execute()).map(toJob);
  }
}
