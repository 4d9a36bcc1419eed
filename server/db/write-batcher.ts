import { sql, type Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './schema.js';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;
const RETRYABLE = /23505|40P01|40001|SQLITE_BUSY/;

/**
 * Runs short write transactions. On PostgreSQL each is its own transaction, tried again when the
 * database aborted it to resolve a race (unique key taken, deadlock). On SQLite, where one
 * connection writes at a time anyway, the writes waiting in line run together in one
 * transaction, each inside its own savepoint (a failing one is rolled back alone), and every
 * caller is answered only after that transaction has committed — so an acknowledged write is a
 * committed one, and the commit's cost is shared (group commit).
 */
export class WriteBatcher {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(private readonly db: Db) {}

  run<T>(work: Work<T>): Promise<T> {
    if (this.db.dialect === 'postgres') return this.withRetry(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the callers of this tick join the batch before it starts.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async withRetry<T>(work: Work<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.kysely.transaction().execute(work);
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? '');
        if (attempt < 5 && RETRYABLE.test(code)) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
          continue;
        }
        throw error;
      }
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const outcomes: { ok: boolean; value: unknown }[] = [];
      try {
        await this.db.kysely.transaction().execute(async (trx) => {
          for (const item of batch) {
            await sql`savepoint batch_item`.execute(trx);
            try {
              outcomes.push({ ok: true, value: await item.work(trx) });
              await sql`release savepoint batch_item`.execute(trx);
            } catch (error) {
              await sql`rollback to savepoint batch_item`.execute(trx);
              await sql`release savepoint batch_item`.execute(trx);
              outcomes.push({ ok: false, value: error });
            }
          }
        });
      } catch (error) {
        for (const item of batch) item.reject(error);
        continue;
      }
      for (const [i, item] of batch.entries()) {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.value);
      }
    }
    this.draining = false;
  }
}
