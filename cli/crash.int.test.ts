import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../common/tlog/note.js';
import { type Db, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { SYSTEM } from '../server/lib/actor.js';
import { sha256 } from '../server/lib/crypto.js';
import { projectRoot } from '../server/lib/paths.js';
import { databaseSource } from '../server/modules/trustlog/log-sources.js';
import { verifyLog } from '../server/modules/trustlog/log-verifier.js';
import { createTestDb, type TestDb } from '../test/helpers/db.js';
import { testDialect } from '../test/helpers/env.js';
import { testServices } from '../test/helpers/services.js';

// A process killed between a business write and its log append cannot leave one without the
// other: both are in one transaction. Shown by killing it (SIGKILL) inside that transaction.
let testDb: TestDb | undefined;
let dataDir: string;
let db: Db;
const env: Record<string, string> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'linli-crash-'));
  if (testDialect === 'postgres') {
    testDb = await createTestDb();
    db = testDb.db;
    env.DATABASE_URL = testDb.url!;
  } else {
    db = await openDatabase({ dataDir });
    await migrateToLatest(db);
    env.LINLI_DATA_DIR = dataDir;
  }
});
afterAll(async () => {
  if (testDb) await testDb.drop();
  else await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash in the middle of a logged write', () => {
  it('leaves neither the business row nor the log entry, and the log still verifies', async () => {
    const services = testServices(db);
    await services.divisions.importArea(SYSTEM, '110105009');
    const sizeBefore = await services.trustlog.size();
    const child = spawn(process.execPath, [join(projectRoot, 'test/fixtures/crash-mid-append.mjs')], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        output += d;
        if (output.includes('in-transaction')) resolve();
      });
      child.stderr.on('data', (d) => (output += d));
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${output}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const row = await db.kysely
      .selectFrom('divisions')
      .select('code')
      .where('code', '=', '990000000000')
      .executeTakeFirst();
    expect(row).toBeUndefined();
    expect(await services.trustlog.size()).toBe(sizeBefore);
    const entries = await db.kysely
      .selectFrom('log_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBe(sizeBefore);
    // And the log goes on from there.
    await services.divisions.importArea(SYSTEM, '440604');
    await services.trustlog.issueCheckpoint(SYSTEM);
    const report = await verifyLog(databaseSource(db), {
      log: parseVerifierKey(sha256, (await services.trustlog.info()).verifierKey),
      witnesses: [],
    });
    expect(report).toMatchObject({ ok: true, size: sizeBefore + 1 });
  });
});
