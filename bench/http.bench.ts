import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../server/lib/paths.js';
import { freePort, startProcess, startServerProcess, stopProcess, waitHealthy } from './processes.js';
import { note, report } from './report.js';

const GROUP = 'http';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 32;

async function load(url: string, paths: string[]) {
  // Warm up the JIT and caches first, then measure.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, requests: paths.map((path) => ({ path })) });
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: paths.map((path) => ({ path })),
  });
}

interface DivisionView {
  shortCode: string;
  shortName: string;
  pinyin: string;
  childCount: number;
}

/**
 * What people type into the search box: for every division served, the first one and two
 * characters of its name, the first letters of its pinyin and its initials, as they would while
 * typing (塔, 塔坡, tap, tp …). Several hundred distinct queries.
 */
async function typingQueries(baseUrl: string): Promise<string[]> {
  const get = async <T>(path: string) => (await (await fetch(baseUrl + path)).json()) as T;
  const queue = (await get<{ items: DivisionView[] }>('/api/divisions')).items;
  const all: DivisionView[] = [];
  while (queue.length) {
    const d = queue.shift()!;
    all.push(d);
    if (d.childCount > 0)
      queue.push(...(await get<{ items: DivisionView[] }>(`/api/divisions/${d.shortCode}/children`)).items);
  }
  const queries = new Set<string>();
  for (const d of all) {
    queries.add(d.shortName.slice(0, 1));
    queries.add(d.shortName.slice(0, 2));
    queries.add(d.pinyin.slice(0, 3));
    queries.add(d.pinyin.slice(0, 5));
  }
  return [...queries];
}

/** Starts the real server on an empty data directory, measuring first start and restart. */
async function startupFigures(dataDir: string): Promise<void> {
  const env = { LINLI_DATA_DIR: dataDir, DATABASE_URL: '' };
  const first = await startServerProcess(env);
  await stopProcess(first.child);
  report(GROUP, 'first_start_s', first.startMs / 1000, 's', {
    note: 'empty database: migrate + import 440604 and 110105009',
  });
  const again = await startServerProcess(env);
  await stopProcess(again.child);
  report(GROUP, 'restart_s', again.startMs / 1000, 's');
}

export async function httpBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-'));
  try {
    note('startup: first start and restart of the built server');
    await startupFigures(dataDir);

    const { child: server, baseUrl } = await startServerProcess({
      LINLI_DATA_DIR: dataDir,
      DATABASE_URL: '',
    });
    const queries = await typingQueries(baseUrl);
    note(
      `load: division search over ${queries.length} distinct queries, ${CONNECTIONS} connections, ${DURATION_S} s`,
    );
    const search = await load(
      baseUrl,
      queries.map((q) => `/api/divisions/search?q=${encodeURIComponent(q)}`),
    );
    await stopProcess(server);
    if (search.non2xx > 0 || search.errors > 0)
      throw new Error(`division search had ${search.non2xx} non-2xx and ${search.errors} errors`);

    const barePort = await freePort();
    const bare = startProcess(join(projectRoot, 'dist/node/bench/bare-server.js'), {
      PORT: String(barePort),
    });
    await waitHealthy(`http://127.0.0.1:${barePort}/bare`, bare);
    note(`load: bare Fastify route, ${CONNECTIONS} connections, ${DURATION_S} s`);
    const baseline = await load(`http://127.0.0.1:${barePort}`, ['/bare']);
    await stopProcess(bare);

    report(GROUP, 'divisions_search_rps', search.requests.average, 'req/s');
    report(GROUP, 'divisions_search_p99_ms', search.latency.p99, 'ms');
    report(GROUP, 'bare_route_rps', baseline.requests.average, 'req/s');
    report(GROUP, 'bare_route_p99_ms', baseline.latency.p99, 'ms');
    report(
      GROUP,
      'divisions_search_vs_bare_ratio',
      search.requests.average / baseline.requests.average,
      'ratio',
      {
        target: '>= 0.5',
      },
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
