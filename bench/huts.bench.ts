import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ED25519 } from '../common/tlog/note.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { SYSTEM } from '../server/lib/actor.js';
import { Random } from '../server/lib/random.js';
import { formatSignerKey } from '../server/modules/trustlog/signing-key.js';
import { hutsStep } from '../server/seed/huts.seed.js';
import { buildServices, serviceOptionsFromConfig } from '../server/services.js';
import { startServerProcess, stopProcess } from './processes.js';
import { note, report } from './report.js';

const GROUP = 'huts';
/** 200 items per unit of scale: 650 gives the 130,000 items. */
const round = (ms: number) => Math.round(ms * 100) / 100;
const SCALE = Number(process.env.BENCH_HUTS_SCALE ?? 650);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 50;
const QUERIES = ['工具箱', '血压计', '轮椅', '锤', '婴儿推车', '折叠 轮椅', '绘本', '烤箱', '雨伞', '梯子'];

/**
 * Catalogue search over the seeded huts (130,000 items by default) in Chancheng, district-wide
 * and per community, from 50 concurrent clients against the built server on SQLite.
 */
export async function hutsBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-huts-'));
  const env = {
    LINLI_DATA_DIR: dataDir,
    LINLI_MASTER_KEY: randomBytes(32).toString('base64'),
    LINLI_LOG_SIGNING_KEY: formatSignerKey('linli.local/log', ED25519, randomBytes(32)),
    LINLI_DEMO: '0',
    LINLI_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  };
  const config = loadConfig({ ...process.env, ...env });
  const db = await openDatabase({ dataDir });
  let communities: string[] = [];
  try {
    await migrateToLatest(db);
    const services = buildServices(db, serviceOptionsFromConfig(config, db));
    await services.divisions.importArea(SYSTEM, '440604');
    const started = performance.now();
    const { created } = await hutsStep.run({
      db,
      services,
      random: new Random(1),
      scale: SCALE,
      areas: ['440604'],
      onProgress: () => {},
      log: () => {},
    });
    note(`seeded ${created} huts and items in ${Math.round(performance.now() - started)} ms`);
    communities = [
      ...new Set((await services.huts.huts(SYSTEM, '440604000000')).map((h) => h.communityCode)),
    ];
  } finally {
    await db.close();
  }
  const { child, baseUrl } = await startServerProcess(env);
  try {
    // Every word, district-wide and in every community with a hut, with and without "available
    // now": over a thousand different pages, so the short-lived page cache is not all it measures.
    const paths = QUERIES.flatMap((q) =>
      ['440604000000', ...communities].flatMap((c) =>
        ['', '&available=true'].map((a) => `/api/huts/items?community=${c}&q=${encodeURIComponent(q)}${a}`),
      ),
    );
    note(`catalogue search: ${paths.length} different queries`);
    let next = 0;
    const options: autocannon.Options = {
      url: baseUrl,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
        },
      ],
    };
    // Each query once, one at a time, before anything is cached: what a page costs cold.
    const cold: number[] = [];
    for (const path of paths) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}${path}`);
      await res.arrayBuffer();
      cold.push(performance.now() - started);
    }
    cold.sort((a, b) => a - b);
    report(GROUP, 'catalog_search_uncached_p99_ms', round(cold[Math.floor(cold.length * 0.99)]!), 'ms', {
      clients: 1,
      queries: cold.length,
      p50: round(cold[Math.floor(cold.length / 2)]!),
    });
    await autocannon({ ...options, duration: 2 });
    note(`load: catalogue search, ${CONNECTIONS} connections, ${DURATION_S} s`);
    const result = await autocannon({ ...options, duration: DURATION_S });
    if (result.non2xx) throw new Error(`${result.non2xx} non-2xx responses under load`);
    report(GROUP, 'catalog_search_p99_ms', result.latency.p99, 'ms', { target: '< 20', items: SCALE * 200 });
    report(GROUP, 'catalog_search_rps', result.requests.average, 'req/s');
  } finally {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
