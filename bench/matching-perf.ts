import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { ED25519 } from '../common/tlog/note.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { type Actor, SYSTEM } from '../server/lib/actor.js';
import type { BulkListing } from '../server/modules/listings/listings.service.js';
import { formatSignerKey } from '../server/modules/trustlog/signing-key.js';
import { buildServices, serviceOptionsFromConfig } from '../server/services.js';
import { loadQualitySet } from './matching-quality.js';
import { startServerProcess, stopProcess } from './processes.js';
import { note, report } from './report.js';

const GROUP = 'matching';
const OFFERS = Number(process.env.BENCH_MATCHING_OFFERS ?? 100_000);
const HELPERS = 500;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 50;
const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

/** What people type into the search box. */
const QUERIES = [
  '水管',
  '漏水',
  '空调',
  '冷气',
  '雪柜',
  '陪诊',
  '书法',
  '钢琴',
  '英语',
  '跑腿',
  '理发',
  '电脑',
  '搬家',
  '照顾老人',
  '辅导作业',
  '修单车',
  '借电钻',
  '广场舞',
  '量血压',
  '拍照',
  'shuiguan',
  '马桶堵',
  '改裤脚',
  '喂猫',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * `match_p99_ms`: top-10 matches for a need among 100,000 open offers (through the matching
 * service, presenting included); `search_p99_ms`: GET /api/listings?q=… at 50 concurrent clients
 * against a server process over the same SQLite database.
 */
export async function matchingPerformance(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-match-perf-'));
  const env = {
    LINLI_DATA_DIR: dataDir,
    DATABASE_URL: '',
    LINLI_MASTER_KEY: randomBytes(32).toString('base64'),
    LINLI_LOG_SIGNING_KEY: formatSignerKey('linli.local/log', ED25519, randomBytes(32)),
    LINLI_DEMO: '0',
    LINLI_LOG_LEVEL: 'warn',
  };
  const config = loadConfig({ ...process.env, ...env });
  let db = await openDatabase({ dataDir });
  try {
    await migrateToLatest(db);
    let services = buildServices(db, serviceOptionsFromConfig(config, db));
    await services.divisions.importArea(SYSTEM, '440604');
    const communities = (await services.divisions.communitiesUnder('440604')).map((c) => c.code);
    const set = loadQualitySet();

    const started = performance.now();
    const helpers: { id: string; home: string }[] = [];
    const helpersStarted = performance.now();
    for (let i = 0; i < HELPERS; i++) {
      const { accountId } = await services.accounts.ensureAccount(
        SYSTEM,
        `1350${String(i).padStart(7, '0')}`,
      );
      const home = communities[i % communities.length]!;
      await services.privacy.updateProfile(person(accountId), { homeDivision: home, nickname: `帮手${i}` });
      helpers.push({ id: accountId, home });
    }
    note(
      `matching perf: ${HELPERS} helpers in ${((performance.now() - helpersStarted) / 1000).toFixed(1)} s`,
    );
    const base = Date.now() - 20 * 86_400_000;
    const items: BulkListing[] = [];
    for (let i = 0; i < OFFERS; i++) {
      const offer = set.offers[i % set.offers.length]!;
      const helper = helpers[(i * 7919) % HELPERS]!;
      items.push({
        ownerId: helper.id,
        direction: 'offer',
        kind: offer.kind,
        title: offer.title,
        description: offer.description,
        category: offer.category,
        tags: offer.tags,
        divisionCode: helper.home,
        availability: offer.availability,
        minutes: 60,
        alerts: i % 3 === 0,
        createdAt: base + i * 10,
      });
    }
    // Generated rows reference accounts and divisions that exist; checking every one of the
    // 3 million term rows against its listing would only slow the seeding down.
    // A big page cache while seeding: three indexes over 3 million term rows.
    await sql`pragma foreign_keys = off`.execute(db.kysely);
    await sql`pragma cache_size = -1000000`.execute(db.kysely);
    await services.listings.bulkInsert(items);
    await sql`pragma foreign_keys = on`.execute(db.kysely);
    await sql`pragma cache_size = -65536`.execute(db.kysely);
    note(
      `matching perf: ${OFFERS} open offers by ${HELPERS} helpers seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // Needs from the quality set, posted by a resident (the posting also notifies helpers).
    const { accountId: resident } = await services.accounts.ensureAccount(SYSTEM, '13599999998');
    await services.privacy.updateProfile(person(resident), {
      homeDivision: communities[0]!,
      nickname: '街坊',
    });
    const needs: string[] = [];
    const postStarted = performance.now();
    for (const need of set.needs.slice(0, 150)) {
      const listing = await services.listings.create(person(resident), {
        direction: 'need',
        kind: need.kind,
        title: need.title,
        description: need.description,
        category: need.category,
        tags: need.tags,
        availability: need.availability,
      });
      needs.push(listing.id);
    }
    note(
      `matching perf: posting a need (index, log, helper notifications) ${((performance.now() - postStarted) / needs.length).toFixed(1)} ms each`,
    );
    const actor = person(resident);
    // Warm up (JIT, page cache, the term-frequency cache a running server keeps warm).
    for (const id of needs) await services.matching.forListing(actor, id, 10);
    const times: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const id of needs) {
        const t = performance.now();
        await services.matching.forListing(actor, id, 10);
        times.push(performance.now() - t);
      }
    times.sort((a, b) => a - b);
    report(GROUP, 'match_p99_ms', percentile(times, 99), 'ms', {
      target: '< 20',
      offers: OFFERS,
      samples: times.length,
      p50: Math.round(percentile(times, 50) * 100) / 100,
    });

    // Search over HTTP against a server process on the same database.
    const { accountId: reader } = await services.accounts.ensureAccount(SYSTEM, '13599999997');
    await services.privacy.updateProfile(person(reader), { homeDivision: communities[0]!, nickname: '读者' });
    await services.auth.requestCode('13599999997', '10.88.0.1');
    const [message] = await services.auth.outbox(SYSTEM, { limit: 1, phone: '13599999997' });
    const code = /(\d{6})/.exec(message!.body)![1]!;
    const signed = await services.auth.signIn('13599999997', code);
    const cookie = `linli_session=${signed.token}`;
    await db.close();
    services = undefined as never;
    const server = await startServerProcess(env);
    try {
      const paths = QUERIES.flatMap((q) => [
        `/api/listings?q=${encodeURIComponent(q)}`,
        `/api/listings?q=${encodeURIComponent(q)}&direction=offer&limit=10`,
      ]);
      const requests = paths.map((path) => ({ path, headers: { cookie } }));
      const check = await fetch(`${server.baseUrl}${paths[0]}`, { headers: { cookie } });
      if (!check.ok) throw new Error(`search answered ${check.status}: ${await check.text()}`);
      const sample = (await check.json()) as { items: unknown[] };
      if (sample.items.length === 0)
        throw new Error('search found nothing: the benchmark would measure empty pages');
      note(`search: "${QUERIES[0]}" finds ${sample.items.length} listings on the first page`);
      // Each query once, one at a time, before the page cache holds it: what a search costs cold.
      const cold: number[] = [];
      for (const path of paths) {
        const started = performance.now();
        const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
        await res.arrayBuffer();
        cold.push(performance.now() - started);
      }
      cold.sort((a, b) => a - b);
      report(
        GROUP,
        'search_uncached_p99_ms',
        Math.round(cold[Math.floor(cold.length * 0.99)]! * 100) / 100,
        'ms',
        {
          clients: 1,
          queries: cold.length,
          p50: Math.round(cold[Math.floor(cold.length / 2)]! * 100) / 100,
        },
      );
      await autocannon({ url: server.baseUrl, connections: CONNECTIONS, duration: 2, requests });
      const result = await autocannon({
        url: server.baseUrl,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests,
      });
      if (result.non2xx || result.errors) note(`search: ${result.non2xx} non-2xx, ${result.errors} errors`);
      report(GROUP, 'search_p99_ms', result.latency.p99, 'ms', {
        target: '< 25',
        connections: CONNECTIONS,
        listings: OFFERS + needs.length,
        requests_per_s: Math.round(result.requests.average),
        p50: result.latency.p50,
      });
    } finally {
      await stopProcess(server.child);
    }
    db = await openDatabase({ dataDir });
  } finally {
    await db.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}
