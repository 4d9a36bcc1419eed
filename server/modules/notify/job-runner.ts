import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type JobRow, JobsRepository, type NewJob } from './jobs.repository.js';

export type JobHandler = (payload: unknown, job: JobRow) => Promise<void>;

/** A failure that no retry will cure: the job is marked `failed` at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** What other modules use to queue background work inside their own transaction. */
export interface JobQueue {
  enqueueInTransaction(trx: Transaction<Database>, job: NewJob): Promise<string | null>;
  /** Asks the runner (when started) to look for due jobs soon, e.g. after a commit. */
  kick(): void;
}

export interface JobRunnerOptions {
  /** How long a claim lasts; a job whose process died is taken up again after it. */
  leaseMs?: number;
  /** Polling interval of a started runner. */
  intervalMs?: number;
  /** Jobs claimed per pass. */
  batch?: number;
  /** First retry delay; doubles per attempt up to `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
  onError?: (message: string, detail?: object) => void;
}

/** Retry delay after the `attempts`-th failed attempt: base · 2^(attempts−1), capped. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), maxMs);
}

/**
 * Runs background jobs stored in the `jobs` table: claims due ones of the kinds it has handlers
 * for (a process that does not know a kind leaves it to one that does) under a lease, runs the
 * handler registered for their kind outside any transaction, then marks them done, or schedules a
 * retry with exponential backoff, or `failed` with the last error after `max_attempts`. Several
 * runners (processes) may share one PostgreSQL: claims never overlap (see JobsRepository).
 * Not started in tests unless a test starts it; `runDue` and `runNow` run jobs on demand.
 */
export class JobRunner implements JobQueue {
  readonly workerId = uuidv7();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring = new Map<string, () => NewJob>();
  private starting: Promise<void> = Promise.resolve();
  private readonly leaseMs: number;
  private readonly intervalMs: number;
  private readonly batch: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly now: () => number;
  private readonly onError: (message: string, detail?: object) => void;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private pass: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.intervalMs = options.intervalMs ?? 3_000;
    this.batch = options.batch ?? 10;
    this.backoffBaseMs = options.backoffBaseMs ?? 10_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Work that recurs every `intervalMs` (expiring holds, due-date reminders): each occurrence is a
   * job keyed by its time slot, so several processes sharing one database run it once per slot,
   * and it survives restarts. Each run schedules the next slot; `start` makes sure one is queued.
   */
  every(kind: string, intervalMs: number, task: (now: number) => Promise<unknown>): void {
    const slotJob = (slot: number): NewJob => ({
      kind,
      payload: { slot },
      dedupeKey: `${kind}@${slot}`,
      runAt: slot * intervalMs,
      maxAttempts: 3,
    });
    this.recurring.set(kind, () => slotJob(Math.floor(this.now() / intervalMs)));
    this.register(kind, async (payload) => {
      const { slot } = payload as { slot: number };
      await task(this.now());
      await this.enqueue(slotJob(Math.max(slot + 1, Math.floor(this.now() / intervalMs) + 1)));
    });
  }

  async enqueueInTransaction(trx: Transaction<Database>, job: NewJob): Promise<string | null> {
    return new JobsRepository(trx, this.db.dialect).enqueue(job, this.now());
  }

  /** Enqueues in a transaction of its own. */
  async enqueue(job: NewJob): Promise<string | null> {
    const id = await new JobsRepository(this.db.kysely, this.db.dialect).enqueue(job, this.now());
    this.kick();
    return id;
  }

  get repository(): JobsRepository {
    return new JobsRepository(this.db.kysely, this.db.dialect);
  }

  /** Claims and runs up to `limit` due jobs one after another; returns how many ran. */
  async runDue(limit = this.batch): Promise<number> {
    const jobs = await this.claim(limit);
    for (const job of jobs) await this.execute(job);
    return jobs.length;
  }

  /** Runs the job with this dedupe key now, if it is due and nobody holds it; true when it ran. */
  async runNow(dedupeKey: string): Promise<boolean> {
    const [job] = await this.claim(1, dedupeKey);
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async claim(limit: number, dedupeKey?: string): Promise<JobRow[]> {
    return this.db.kysely
      .transaction()
      .execute((trx) =>
        new JobsRepository(trx, this.db.dialect).claim(
          this.workerId,
          this.now(),
          this.leaseMs,
          limit,
          [...this.handlers.keys()],
          dedupeKey,
        ),
      );
  }

  private async execute(job: JobRow): Promise<void> {
    const repo = new JobsRepository(this.db.kysely, this.db.dialect);
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, job);
      await repo.complete(job.id, this.workerId, this.now());
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const permanent = error instanceof PermanentJobError;
      const last = permanent || job.attempts >= job.maxAttempts;
      const runAt = last
        ? null
        : this.now() + backoffDelay(job.attempts, this.backoffBaseMs, this.backoffMaxMs);
      await repo.fail(job.id, this.workerId, message, runAt, this.now());
      this.onError(last ? 'job failed for good' : 'job failed, will retry', {
        jobId: job.id,
        kind: job.kind,
        attempts: job.attempts,
        error: message,
      });
    }
  }

  /** Queues the current slot of each recurring kind, then polls every `intervalMs` until stopped. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const queued = [...this.recurring.values()].map((job) =>
      this.enqueue(job()).catch((error: Error) =>
        this.onError('recurring job not queued', { error: error.message }),
      ),
    );
    this.starting = Promise.all(queued).then(() => this.schedule(0));
  }

  /** Looks for due jobs soon (when started); many kicks at once make one pass. */
  kick(): void {
    if (!this.started) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.loop();
    }, delay);
    this.timer.unref?.();
  }

  private loop(): void {
    if (!this.started || this.pass) return;
    this.pass = (async () => {
      try {
        // Keep going while passes are full (a backlog), then rest until the next poll.
        while (this.started && (await this.runDue()) === this.batch);
      } catch (error) {
        this.onError('job runner pass failed', { error: (error as Error).message });
      }
    })().finally(() => {
      this.pass = null;
      if (!this.started) return;
      const again = this.again;
      this.again = false;
      this.schedule(again ? 0 : this.intervalMs);
    });
  }

  /** Stops polling and waits for the pass in progress (graceful shutdown). */
  async stop(): Promise<void> {
    await this.starting;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }
}
