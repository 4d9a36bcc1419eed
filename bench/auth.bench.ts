import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { projectRoot } from '../server/lib/paths.js';
import { startServerProcess, stopProcess } from './processes.js';
import { note, report } from './report.js';

const GROUP = 'auth';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const PATH = '/api/divisions/440604012';
const run = promisify(execFile);

async function load(url: string, headers: Record<string, string>) {
  await autocannon({ url: url + PATH, connections: 16, duration: 2, headers });
  return autocannon({ url: url + PATH, connections: 16, duration: DURATION_S, headers });
}

/** The same request with and without a signed-in session, in one run. */
export async function authBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-auth-'));
  const { child, baseUrl } = await startServerProcess({
    LINLI_DATA_DIR: dataDir,
    LINLI_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  });
  try {
    const phone = '13912340000';
    const sent = await fetch(`${baseUrl}/api/auth/sms-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone }),
    });
    if (sent.status !== 202) throw new Error(`sms-code: ${await sent.text()}`);
    const { stdout } = await run(
      process.execPath,
      [join(projectRoot, 'bin/linli.mjs'), 'sms', 'outbox', '--phone', phone, '--limit', '1'],
      {
        env: { ...process.env, LINLI_DATA_DIR: dataDir, DATABASE_URL: '' },
      },
    );
    const code = /验证码是 (\d{6})/.exec(stdout)![1]!;
    const signIn = await fetch(`${baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, code }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    note(`load: GET ${PATH} anonymous, then signed in, ${DURATION_S} s each`);
    const anon = await load(baseUrl, {});
    const authed = await load(baseUrl, { cookie });
    if (authed.non2xx || anon.non2xx) throw new Error('non-2xx responses under load');
    report(GROUP, 'anon_rps', anon.requests.average, 'req/s', { path: PATH });
    report(GROUP, 'authed_rps', authed.requests.average, 'req/s', { path: PATH });
    report(GROUP, 'authed_overhead_pct', (anon.requests.average / authed.requests.average - 1) * 100, '%', {
      target: '<= 15',
    });
  } finally {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
