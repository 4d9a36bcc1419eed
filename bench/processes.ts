import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../server/lib/paths.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

export const serverEntry = join(projectRoot, 'dist/node/server/main.js');

/** Starts a Node script with the given environment; stdout/stderr are collected for errors. */
export function startProcess(
  script: string,
  env: Record<string, string>,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, LINLI_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

/**
 * Starts the built server on a port the kernel picks (PORT=0) and reads the port from its
 * "running at" line, so parallel test processes never race for a port.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000) {
  const started = performance.now();
  const child = startProcess(serverEntry, { ...env, PORT: '0' });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${child.output()}`)), timeoutMs);
    const onData = () => {
      const m = /running at http:\/\/localhost:(\d+)\//.exec(child.output());
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${child.output()}`));
    });
  });
  await waitHealthy(`${baseUrl}/api/health`, child, timeoutMs);
  return { child, baseUrl, startMs: performance.now() - started };
}

/** Polls `url` until it answers 200; returns the elapsed milliseconds. */
export async function waitHealthy(
  url: string,
  child: ChildProcess & { output: () => string },
  timeoutMs = 60_000,
): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}): ${child.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not healthy after ${timeoutMs} ms: ${child.output()}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}
