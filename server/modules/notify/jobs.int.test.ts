import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { backoffDelay, JobRunner, PermanentJobError } from './job-runner.js';
import { JobsRepository } from './jobs.repository.js';

let t: TestDb;
let counter = 0;
/** A fresh job kind per test, so tests never see each other's jobs. */
const kind = () => `test.kind_${++counter}`;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

describe('job runner', () => {
  it('enqueues once per dedupe key, also inside a caller’s transaction that rolls back', async () => {
    const k = kind();
    const runner = new JobRunner(t.db);
    const first = await runner.enqueue({ kind: k, payload: { n: 1 }, dedupeKey: `${k}-a` });
    expect(first).toEqual(expect.any(String));
    expect(await runner.enqueue({ kind: k, payload: { n: 2 }, dedupeKey: `${k}-a` })).toBeNull();
    await t.db.kysely
      .transaction()
      .execute(async (trx) => {
        await runner.enqueueInTransaction(trx, { kind: k, payload: {}, dedupeKey: `${k}-b` });
        throw new Error('roll back');
      })
      .catch(() => {});
    const jobs = await runner.repository.list({ kind: k });
    expect(jobs.map((j) => j.payload)).toEqual([{ n: 1 }]);
  });

  it('runs recurring work once per slot across processes, and queues the next slot', async () => {
    const k = kind();
    let clock = 1_000_000;
    const ran: number[] = [];
    const a = new JobRunner(t.db, { now: () => clock, intervalMs: 60_000 });
    const b = new JobRunner(t.db, { now: () => clock, intervalMs: 60_000 });
    for (const r of [a, b])
      r.every(k, 1000, async (now) => {
        ran.push(now);
      });
    a.start();
    b.start();
    await a.stop();
    await b.stop();
    // Both processes queued the current slot: one job.
    expect((await a.repository.list({ kind: k })).map((j) => j.payload)).toEqual([{ slot: 1000 }]);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(ran).toEqual([1_000_000]);
    // The next slot is queued for its time, not before.
    expect(await a.runDue()).toBe(0);
    clock += 1000;
    await Promise.all([a.runDue(), b.runDue()]);
    expect(ran).toEqual([1_000_000, 1_001_000]);
    const jobs = await a.repository.list({ kind: k });
    expect(jobs.map((j) => [j.payload, j.status])).toEqual([
      [{ slot: 1000 }, 'done'],
      [{ slot: 1001 }, 'done'],
      [{ slot: 1002 }, 'pending'],
    ]);
  });

  it('never runs one job in two runners at once', async () => {
    const k = kind();
    const runs = new Map<number, number>();
    const handler = async (payload: unknown) => {
      const n = (payload as { n: number }).n;
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    };
    const a = new JobRunner(t.db, { batch: 3 });
    const b = new JobRunner(t.db, { batch: 3 });
    a.register(k, handler);
    b.register(k, handler);
    for (let n = 0; n < 30; n++) await a.enqueue({ kind: k, payload: { n } });
    const drain = async (r: JobRunner) => {
      let total = 0;
      for (;;) {
        const ran = await r.runDue();
        if (ran === 0) return total;
        total += ran;
      }
    };
    const [ranA, ranB] = await Promise.all([drain(a), drain(b)]);
    expect(ranA + ranB).toBe(30);
    expect([...runs.values()].every((v) => v === 1)).toBe(true);
    expect(runs.size).toBe(30);
    expect((await a.repository.list({ kind: k, status: 'done' })).length).toBe(30);
  });

  it('takes up again a job whose runner died (its lease expired), and the dead one cannot finish it', async () => {
    const k = kind();
    let now = Date.now();
    const dead = new JobRunner(t.db, { leaseMs: 1000, now: () => now });
    const alive = new JobRunner(t.db, { leaseMs: 1000, now: () => now });
    const ran: string[] = [];
    alive.register(k, async () => {
      ran.push('alive');
    });
    const id = (await dead.enqueue({ kind: k, payload: {} }))!;
    // The dead runner claims it and never comes back.
    const [claimed] = await t.db.kysely
      .transaction()
      .execute((trx) => new JobsRepository(trx, t.db.dialect).claim(dead.workerId, now, 1000, 10, [k]));
    expect(claimed?.id).toBe(id);
    expect(await alive.runDue()).toBe(0);
    now += 1001;
    expect(await alive.runDue()).toBe(1);
    expect(ran).toEqual(['alive']);
    const job = await alive.repository.get(id);
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(await dead.repository.complete(id, dead.workerId, now)).toBe(false);
  });

  it('retries with exponential backoff, then fails with the last error after max attempts', async () => {
    const k = kind();
    let now = Date.now();
    const runner = new JobRunner(t.db, { backoffBaseMs: 1000, backoffMaxMs: 10_000, now: () => now });
    let calls = 0;
    runner.register(k, async () => {
      calls++;
      throw new Error(`broken ${calls}`);
    });
    const id = (await runner.enqueue({ kind: k, payload: {}, maxAttempts: 3 }))!;
    expect(await runner.runDue()).toBe(1);
    let job = (await runner.repository.get(id))!;
    expect(job).toMatchObject({
      status: 'pending',
      attempts: 1,
      runAt: now + 1000,
      lastError: 'Error: broken 1',
    });
    now += 999;
    expect(await runner.runDue()).toBe(0);
    now += 1;
    expect(await runner.runDue()).toBe(1);
    job = (await runner.repository.get(id))!;
    expect(job).toMatchObject({ status: 'pending', attempts: 2, runAt: now + 2000 });
    now += 2000;
    expect(await runner.runDue()).toBe(1);
    job = (await runner.repository.get(id))!;
    expect(job).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: broken 3' });
    now += 100_000;
    expect(await runner.runDue()).toBe(0);
    expect(calls).toBe(3);
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('fails a permanent error at once, and leaves a job of a kind it does not know alone', async () => {
    const k = kind();
    const runner = new JobRunner(t.db);
    runner.register(k, async () => {
      throw new PermanentJobError('no such exchange');
    });
    const id = (await runner.enqueue({ kind: k, payload: {} }))!;
    const unknown = (await runner.enqueue({ kind: `${k}_unknown`, payload: {} }))!;
    await runner.runDue();
    expect(await runner.repository.get(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await runner.repository.get(unknown)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('runs one job by its dedupe key on demand', async () => {
    const k = kind();
    const runner = new JobRunner(t.db);
    const seen: unknown[] = [];
    runner.register(k, async (p) => {
      seen.push(p);
    });
    await runner.enqueue({ kind: k, payload: 'one', dedupeKey: `${k}-1` });
    await runner.enqueue({ kind: k, payload: 'two', dedupeKey: `${k}-2` });
    expect(await runner.runNow(`${k}-2`)).toBe(true);
    expect(await runner.runNow(`${k}-2`)).toBe(false);
    expect(seen).toEqual(['two']);
  });

  it('when started, polls and is kicked by enqueue; stop waits for the job in progress', async () => {
    const k = kind();
    const runner = new JobRunner(t.db, { intervalMs: 60_000 });
    let done = 0;
    runner.register(k, async () => {
      await new Promise((r) => setTimeout(r, 20));
      done++;
    });
    runner.start();
    try {
      await runner.enqueue({ kind: k, payload: {} });
      for (let i = 0; i < 100 && done === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(done).toBe(1);
      await runner.enqueue({ kind: k, payload: {} });
      await new Promise((r) => setTimeout(r, 5));
    } finally {
      await runner.stop();
    }
    // The job that had started finished; nothing runs after stop.
    const left = await runner.repository.list({ kind: k, status: 'running' });
    expect(left).toEqual([]);
  });
});
