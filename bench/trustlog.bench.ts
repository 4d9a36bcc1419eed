import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ED25519, parseVerifierKey } from '../common/tlog/note.js';
import { type Db, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { SYSTEM } from '../server/lib/actor.js';
import { sha256 } from '../server/lib/crypto.js';
import { LogAppender } from '../server/modules/trustlog/log-appender.js';
import { databaseSource } from '../server/modules/trustlog/log-sources.js';
import { verifyLog } from '../server/modules/trustlog/log-verifier.js';
import { formatSignerKey, parseSignerKey } from '../server/modules/trustlog/signing-key.js';
import { TrustLogService } from '../server/modules/trustlog/trustlog.service.js';
import { note, report } from './report.js';

const GROUP = 'trustlog';
const BIG = Number(process.env.BENCH_LOG_SIZE ?? 1_000_000);

function entry(i: number) {
  return {
    kind: 'points.transfer',
    v: 1,
    data: {
      from: `p:account-${i % 977}`,
      to: `p:account-${(i * 7) % 991}`,
      amount: (i % 50) + 1,
      key: `bench-${i}`,
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function freshSqlite(): Promise<{ db: Db; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-log-'));
  const db = await openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  return { db, dir };
}

/** Appends in transactions of `batch` entries; returns entries per second. */
async function appendRate(
  db: Db,
  total: number,
  batch: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  const appender = new LogAppender(db.dialect);
  const started = performance.now();
  for (let done = 0; done < total; done += batch) {
    const n = Math.min(batch, total - done);
    await db.kysely.transaction().execute((trx) =>
      appender.append(
        trx,
        Array.from({ length: n }, (_, i) => entry(done + i)),
      ),
    );
    onProgress?.(done + n);
  }
  return total / ((performance.now() - started) / 1000);
}

/** The same rows, encoded the same way, inserted with no hashing or tree: the baseline. */
async function plainInsertRate(db: Db, total: number, batch: number): Promise<number> {
  await sql`create table bench_plain (idx bigint primary key, kind text not null, body blob not null, created_at bigint not null)`.execute(
    db.kysely,
  );
  const { encodeEntry } = await import('../server/modules/trustlog/log-entry.js');
  const started = performance.now();
  for (let done = 0; done < total; done += batch) {
    await db.kysely.transaction().execute(async (trx) => {
      const rows = Array.from({ length: Math.min(batch, total - done) }, (_, i) => {
        const e = encodeEntry(entry(done + i), Date.now());
        return { idx: done + i, kind: e.kind, body: e.bytes, created_at: Date.now() };
      });
      await trx
        .insertInto('bench_plain' as never)
        .values(rows as never)
        .execute();
    });
  }
  return total / ((performance.now() - started) / 1000);
}

export async function trustlogBench(): Promise<void> {
  // Appends: batches of 100 in transactions, against the same rows with no hashing.
  {
    const { db, dir } = await freshSqlite();
    try {
      note('append: 50,000 entries in transactions of 100 (SQLite file, WAL)');
      await appendRate(db, 2_000, 100);
      const appendPerS = await appendRate(db, 50_000, 100);
      const plainPerS = await plainInsertRate(db, 50_000, 100);
      report(GROUP, 'log_append_per_s', appendPerS, 'entries/s', { batch: 100, target: '>= 20000' });
      report(GROUP, 'plain_insert_per_s', plainPerS, 'rows/s', { batch: 100 });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // Proofs and verification on a log of BIG entries.
  const { db, dir } = await freshSqlite();
  try {
    note(`building a log of ${BIG.toLocaleString('en')} entries…`);
    const buildStarted = performance.now();
    let lastNote = 0;
    await appendRate(db, BIG, 5_000, (done) => {
      if (done - lastNote >= 100_000 || done === BIG) {
        lastNote = done;
        note(`  ${done.toLocaleString('en')} / ${BIG.toLocaleString('en')}`);
      }
    });
    note(`built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);
    const options = {
      signer: parseSignerKey(formatSignerKey('bench.linli/log', ED25519, randomBytes(32)), ED25519),
      witnesses: [],
      checkpointIntervalMs: 0,
    };
    const service = new TrustLogService(db, options);
    await service.issueCheckpoint(SYSTEM);

    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const index = Math.floor(Math.random() * BIG);
      let t = performance.now();
      await service.inclusionProof(index, BIG);
      inclusion.push(performance.now() - t);
      const from = 1 + Math.floor(Math.random() * (BIG - 1));
      t = performance.now();
      await service.consistencyProof(from, BIG);
      consistency.push(performance.now() - t);
    }
    report(GROUP, 'inclusion_proof_p99_ms', percentile(inclusion, 99), 'ms', {
      log_size: BIG,
      target: '< 2',
    });
    report(GROUP, 'inclusion_proof_p50_ms', percentile(inclusion, 50), 'ms', { log_size: BIG });
    report(GROUP, 'consistency_proof_p99_ms', percentile(consistency, 99), 'ms', {
      log_size: BIG,
      target: '< 2',
    });
    report(GROUP, 'consistency_proof_p50_ms', percentile(consistency, 50), 'ms', { log_size: BIG });

    note('verify: the whole log from the database (as `linli log verify` does)');
    const started = performance.now();
    const result = await verifyLog(databaseSource(db), {
      log: parseVerifierKey(sha256, options.signer.verifierKey),
      witnesses: [],
    });
    if (!result.ok) throw new Error(`verification failed: ${result.problems.join('; ')}`);
    report(
      GROUP,
      BIG === 1_000_000 ? 'log_verify_1m_s' : 'log_verify_s',
      (performance.now() - started) / 1000,
      's',
      { log_size: BIG, target: '< 30' },
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
