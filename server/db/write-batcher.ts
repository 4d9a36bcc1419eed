import { sql, type Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

/**
 * What one write in a batch can leave for the end of the batch: values handed to a named
 * collector, whose `flush` runs once per batch (in the order the collectors were first used),
 * after every write, before the commit, with the values of the writes that succeeded.
 */
export interface Batch {
  collect<V>(name: string, value: V, flush: (trx: Transaction<Database>, values: V[]) => Promise<void>): void;
  /** State shared by the writes of one batch (e.g. results still waiting for their log index). */
  readonly shared: Map<string, unknown>;
}

type Work<T> = (trx: Transaction<Database>, batch: Batch) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
}

interface Collector {
  flush: (trx: Transaction<Database>, values: unknown[]) => Promise<void>;
  values: unknown[];
}

const MAX_BATCH = 128;
/** Batches without a failed write before savepoints are left out again. */
const CALM_BEFORE_OPTIMISM = 8;

/** Thrown out of an optimistic batch (no savepoints) when one of its writes failed. */
class OptimismFailed extends Error {}
const MAX_ATTEMPTS = 6;
/** Races the database settles by aborting one side: a key taken meanwhile, a deadlock, serialisation. */
const RETRYABLE = /^(23505|40P01|40001|SQLITE_BUSY)$/;

function isRetryable(error: unknown): boolean {
  return RETRYABLE.test(String((error as { code?: unknown }).code ?? ''));
}

/**
 * Runs short write transactions in batches (group commit). The writes waiting in line run in one
 * transaction, each inside its own savepoint, so a failing write is rolled back alone and the
 * others go on. Work that must happen once per batch (appending to the trust log: one tree
 * update for all entries, the shared lock held only at the very end) is collected and done before
 * the commit. Every caller is answered only after the commit: an acknowledged write is a committed
 * one. A write the database aborted to settle a race is tried again in a later batch.
 * On SQLite one batch runs at a time (one writer anyway); on PostgreSQL several, each on its own
 * connection.
 */
export class WriteBatcher {
  private readonly queue: Queued[] = [];
  private running = 0;
  private scheduled = false;
  private readonly parallel: number;
  private calmBatches = 0;

  constructor(private readonly db: Db) {
    this.parallel = db.dialect === 'postgres' ? 4 : 1;
  }

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work: work as Work<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        attempts: 0,
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.parallel || this.queue.length === 0) return;
    this.scheduled = true;
    // Let the writes of this tick join the batch before it starts.
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.parallel && this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.running++;
        void this.runBatch(batch).finally(() => {
          this.running--;
          this.schedule();
        });
      }
    });
  }

  private retryOrReject(item: Queued, error: unknown): void {
    if (isRetryable(error) && ++item.attempts < MAX_ATTEMPTS) {
      setTimeout(
        () => {
          this.queue.push(item);
          this.schedule();
        },
        Math.random() * 5 * item.attempts,
      );
    } else item.reject(error);
  }

  private async runBatch(items: Queued[]): Promise<void> {
    // Most writes succeed: the batch first runs without savepoints (two statements fewer per
    // write). If one fails, that attempt is rolled back whole and the batch runs again with a
    // savepoint around each write; after a failure the next batches keep savepoints for a while.
    if (items.length > 1 && this.calmBatches >= CALM_BEFORE_OPTIMISM) {
      const outcome = await this.attempt(items, false);
      if (outcome !== 'a write failed') return;
      this.calmBatches = 0;
    }
    const outcome = await this.attempt(items, true);
    if (outcome === 'all succeeded') this.calmBatches++;
  }

  /** One try at a batch; answers its callers unless it must be tried again with savepoints. */
  private async attempt(
    items: Queued[],
    savepoints: boolean,
  ): Promise<'all succeeded' | 'some failed' | 'a write failed' | 'batch failed'> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await this.db.kysely.transaction().execute(async (trx) => {
        const collectors = new Map<string, Collector>();
        const shared = new Map<string, unknown>();
        for (const item of items) {
          const pending: [string, unknown, Collector['flush']][] = [];
          const batch: Batch = {
            collect: (name, value, flush) =>
              pending.push([
                name,
                value,
                flush as (trx: Transaction<Database>, values: unknown[]) => Promise<void>,
              ]),
            shared,
          };
          if (savepoints) await sql`savepoint batch_item`.execute(trx);
          try {
            const value = await item.work(trx, batch);
            if (savepoints) await sql`release savepoint batch_item`.execute(trx);
            for (const [name, collected, flush] of pending) {
              const collector = collectors.get(name) ?? { flush, values: [] };
              collector.values.push(collected);
              collectors.set(name, collector);
            }
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (!savepoints) throw new OptimismFailed();
            await sql`rollback to savepoint batch_item`.execute(trx);
            await sql`release savepoint batch_item`.execute(trx);
            outcomes.push({ ok: false, value: error });
          }
        }
        for (const collector of collectors.values()) await collector.flush(trx, collector.values);
      });
    } catch (error) {
      if (error instanceof OptimismFailed) return 'a write failed';
      // The batch as a whole failed (its end-of-batch work or the commit): no write of it happened.
      for (const item of items) this.retryOrReject(item, error);
      return 'batch failed';
    }
    for (const [i, item] of items.entries()) {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else this.retryOrReject(item, outcome.value);
    }
    return outcomes.every((o) => o.ok) ? 'all succeeded' : 'some failed';
  }
}
