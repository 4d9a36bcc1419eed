import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_POINTS_RULES } from '../common/schemas/points.js';
import { ED25519, parseVerifierKey } from '../common/tlog/note.js';
import { loadConfig } from '../server/config.js';
import { type Db, openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { type Actor, SYSTEM } from '../server/lib/actor.js';
import { sha256 } from '../server/lib/crypto.js';
import { Secrets } from '../server/lib/secrets.js';
import { databaseSource } from '../server/modules/trustlog/log-sources.js';
import { verifyLog } from '../server/modules/trustlog/log-verifier.js';
import { formatSignerKey, parseSignerKey } from '../server/modules/trustlog/signing-key.js';
import { buildServices, type Services, serviceOptionsFromConfig } from '../server/services.js';
import { startServerProcess, stopProcess } from './processes.js';
import { note, report } from './report.js';

const GROUP = 'points';
const SQLITE_TRANSFERS = Number(process.env.BENCH_POINTS_TRANSFERS ?? 20_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const PAIRS = 100;
const COMMUNITY_AREA = '440604010';
const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

interface Neighbourhood {
  community: string;
  /** Pairs of confirmed relatives: [a, b, link id]. */
  pairs: [string, string, string][];
  phones: Map<string, string>;
}

/**
 * Residents in confirmed family pairs, funded by adjustments, under rules that let them give
 * freely (no monthly cap, no storage cap), so the benchmark measures transfers, not refusals.
 */
async function neighbourhood(services: Services): Promise<Neighbourhood> {
  await services.divisions.importArea(SYSTEM, COMMUNITY_AREA);
  const community = (await services.divisions.communitiesUnder(COMMUNITY_AREA))[0]!.code;
  const admin: Actor = {
    kind: 'person',
    accountId: '',
    grants: [{ role: 'district_admin', divisionCode: '440604000000' }],
  };
  const pairs: [string, string, string][] = [];
  const phones = new Map<string, string>();
  for (let i = 0; i < PAIRS; i++) {
    const ids: string[] = [];
    for (const side of [0, 1]) {
      const phone = `1370000${String(i * 2 + side).padStart(4, '0')}`;
      const { accountId } = await services.accounts.ensureAccount(SYSTEM, phone);
      await services.privacy.updateProfile(person(accountId), { homeDivision: community });
      phones.set(accountId, phone);
      ids.push(accountId);
    }
    await services.family.request(person(ids[0]!), phones.get(ids[1]!)!, 'sibling');
    const [link] = await services.family.list(person(ids[1]!));
    await services.family.confirm(person(ids[1]!), link!.id);
    pairs.push([ids[0]!, ids[1]!, link!.id]);
  }
  (admin as { accountId: string }).accountId = pairs[0]![0];
  await services.points.setRules(admin, '440604', {
    ...DEFAULT_POINTS_RULES,
    giftMonthlyCap: 1_000_000,
    storageCap: null,
    adjustmentApprovalThreshold: 1_000_000,
  });
  for (const [a, b] of pairs)
    for (const id of [a, b])
      await services.points.requestAdjustment(admin, {
        accountId: id,
        amount: 100_000,
        reason: 'bench funding',
        idempotencyKey: `fund-${id}`,
      });
  return { community, pairs, phones };
}

async function checkInvariants(services: Services, db: Db, label: string): Promise<void> {
  const problems = await services.points.audit(SYSTEM);
  if (problems.length)
    throw new Error(`${label}: ledger invariants broken: ${problems.slice(0, 5).join('; ')}`);
  await services.trustlog.issueCheckpoint(SYSTEM);
  const key = parseVerifierKey(sha256, (await services.trustlog.info()).verifierKey);
  const verified = await verifyLog(databaseSource(db), { log: key, witnesses: [] });
  if (!verified.ok) throw new Error(`${label}: the trust log does not verify`);
  note(`${label}: ledger invariants hold and the trust log verifies`);
}

/** Gifts back and forth within pairs through the service, many at once (as a busy server has them). */
async function sqliteTransfers(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-points-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(db);
    const services = buildServices(db, {
      log: {
        signer: parseSignerKey(formatSignerKey('linli.bench/log', ED25519, randomBytes(32)), ED25519),
        witnesses: [],
        checkpointIntervalMs: 0,
      },
      secrets: new Secrets(new Uint8Array(randomBytes(32))),
    });
    const { pairs } = await neighbourhood(services);
    const inFlight = 64;
    note(
      `sqlite: ${SQLITE_TRANSFERS} gifts between ${PAIRS} family pairs, ${inFlight} requests in flight, one process`,
    );
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async (_, w) => {
        for (let k = w; k < SQLITE_TRANSFERS; k += inFlight) {
          const [a, b, link] = pairs[k % PAIRS]!;
          const from = Math.floor(k / PAIRS) % 2 === 0 ? a : b;
          await services.points.gift(person(from), {
            familyLinkId: link,
            amount: 1,
            idempotencyKey: `bench-${k}`,
          });
        }
      }),
    );
    const perSecond = SQLITE_TRANSFERS / ((performance.now() - started) / 1000);
    await checkInvariants(services, db, 'sqlite');

    // The baseline: the same rows (a transfer and its two postings) in one transaction each,
    // with no checks, no locks, no balances and no log.
    await sql`create table bench_transfers as select * from points_transfers where 1 = 0`.execute(db.kysely);
    await sql`create table bench_postings as select * from points_postings where 1 = 0`.execute(db.kysely);
    const plainStarted = performance.now();
    for (let k = 0; k < SQLITE_TRANSFERS; k++) {
      const [a, b] = pairs[k % PAIRS]!;
      const id = uuidv7();
      const at = Date.now();
      await db.kysely.transaction().execute(async (trx) => {
        await sql`insert into bench_transfers (id, type, key_scope, idempotency_key, request_hash, initiator_id, log_index, created_at)
          values (${id}, 'gift', ${`account:${a}`}, ${`plain-${k}`}, 'x', ${a}, ${k}, ${at})`.execute(trx);
        await sql`insert into bench_postings (account_id, seq, transfer_id, amount, balance_after, created_at)
          values (${`resident:${a}`}, ${k}, ${id}, -1, 0, ${at}), (${`resident:${b}`}, ${k}, ${id}, 1, 0, ${at})`.execute(
          trx,
        );
      });
    }
    const plainPerSecond = SQLITE_TRANSFERS / ((performance.now() - plainStarted) / 1000);
    report(GROUP, 'transfers_per_s_sqlite', perSecond, 'transfers/s', {
      target: '>= 3000',
      includes:
        'idempotency check, account locks, limit and cap checks, postings, cached balances, trust-log append',
    });
    report(GROUP, 'plain_insert_per_s', plainPerSecond, 'transfers/s', {
      baseline: 'the same transfer and posting rows inserted plainly, one transaction each',
    });
    report(GROUP, 'sqlite_vs_plain_ratio', perSecond / plainPerSecond, 'ratio');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs every resident in through the service (the SMS flow, codes read from the outbox). */
async function sessions(services: Services, phones: Map<string, string>) {
  const result = new Map<string, { cookie: string; csrf: string }>();
  let n = 0;
  for (const [accountId, phone] of phones) {
    n++;
    await services.auth.requestCode(phone, `10.77.${Math.floor(n / 250)}.${(n % 250) + 1}`);
    const [message] = await services.auth.outbox(SYSTEM, { limit: 1, phone });
    const code = /(\d{6})/.exec(message!.body)![1]!;
    const signed = await services.auth.signIn(phone, code);
    result.set(accountId, { cookie: `linli_session=${signed.token}`, csrf: signed.session.csrfToken });
  }
  return result;
}

/** Two server processes on one PostgreSQL database, driven over HTTP by concurrent clients. */
async function postgresTwoProcesses(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const url = new URL(adminUrl);
  url.pathname = '/linli_bench_points';
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    note(
      `postgres: not reachable at ${adminUrl} (${(error as Error).message}); skipping transfers_per_s_pg_2proc`,
    );
    return;
  }
  await admin.query('drop database if exists linli_bench_points with (force)');
  await admin.query('create database linli_bench_points');
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-points-pg-'));
  const env = {
    DATABASE_URL: url.toString(),
    LINLI_DATA_DIR: dataDir,
    LINLI_MASTER_KEY: randomBytes(32).toString('base64'),
    LINLI_LOG_SIGNING_KEY: formatSignerKey('linli.local/log', ED25519, randomBytes(32)),
    LINLI_DEMO: '0',
    LINLI_LOG_LEVEL: 'warn',
  };
  const config = loadConfig({ ...process.env, ...env });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, poolSize: 4 });
  const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  try {
    await migrateToLatest(db);
    const services = buildServices(db, serviceOptionsFromConfig(config, db));
    const { pairs, phones } = await neighbourhood(services);
    const signedIn = await sessions(services, phones);
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess(env));
    const connectionsPerServer = 24;
    note(
      `postgres: gifts over HTTP to 2 server processes, ${connectionsPerServer} connections each (autocannon), ${DURATION_S} s`,
    );
    let nextPair = 0;
    const started = performance.now();
    const results = await Promise.all(
      servers.map((server, s) =>
        autocannon({
          url: server.baseUrl,
          connections: connectionsPerServer,
          duration: DURATION_S,
          requests: [
            {
              method: 'POST',
              path: '/api/me/points/gifts',
              // Each connection owns one family pair and gives back and forth within it.
              setupRequest: (request: autocannon.Request, ctx: object) => {
                const context = ctx as { pair?: number; k?: number };
                if (context.pair === undefined) context.pair = nextPair++ % PAIRS;
                const [a, b, link] = pairs[context.pair]!;
                const k = (context.k ?? 0) + 1;
                context.k = k;
                const from = k % 2 === 0 ? a : b;
                const session = signedIn.get(from)!;
                return {
                  ...request,
                  headers: {
                    'content-type': 'application/json',
                    cookie: session.cookie,
                    'x-csrf-token': session.csrf,
                  },
                  body: JSON.stringify({
                    familyLinkId: link,
                    amount: 1,
                    idempotencyKey: `bench-s${s}-p${context.pair}-k${k}`,
                  }),
                };
              },
            },
          ],
        }),
      ),
    );
    const ok = results.reduce((sum, r) => sum + r['2xx'], 0);
    const errors = results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
    const statuses = new Map<number, number>();
    for (const r of results)
      for (const [code, count] of Object.entries(r.statusCodeStats ?? {}))
        if (!code.startsWith('2'))
          statuses.set(Number(code), (statuses.get(Number(code)) ?? 0) + (count.count ?? 0));
    const seconds = (performance.now() - started) / 1000;
    await checkInvariants(services, db, 'postgres');
    report(GROUP, 'transfers_per_s_pg_2proc', ok / seconds, 'transfers/s', {
      target: '>= 1000',
      errors,
      ...(statuses.size ? { statuses: Object.fromEntries(statuses) } : {}),
    });
    if (errors)
      throw new Error(
        `postgres: ${errors} failed transfers (${JSON.stringify(Object.fromEntries(statuses))})`,
      );
  } finally {
    for (const server of servers) await stopProcess(server.child);
    await db.close();
    await admin.query('drop database if exists linli_bench_points with (force)');
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function pointsBench(): Promise<void> {
  if (process.env.BENCH_POINTS_ONLY !== 'postgres') await sqliteTransfers();
  if (process.env.BENCH_POINTS_ONLY !== 'sqlite') await postgresTwoProcesses();
}
