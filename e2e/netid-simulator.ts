import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testNetIdSigner } from '../test/helpers/services.js';

/**
 * A stand-in for the network-ID provider's hand-off page (网号/网证), for browser journeys: it
 * shows what Linli asked for, and on "agree" signs `{account, level, at, nonce}` with the test
 * provider key and sends the browser back with the result in the address fragment. It verifies
 * nobody; it only lets the journey exercise Linli's side honestly (a real signature is checked).
 */
export async function startNetIdSimulator(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const account = url.searchParams.get('account') ?? '';
    const back = url.searchParams.get('return') ?? '';
    const state = url.searchParams.get('state') ?? '';
    if (url.pathname !== '/handoff' || !/^https?:\/\//.test(back)) {
      res.writeHead(400).end('bad hand-off');
      return;
    }
    const payload = Buffer.from(
      JSON.stringify({ account, level: 'real_name', at: Date.now(), nonce: state.slice(0, 16) }),
    );
    const result = `${payload.toString('base64')}.${Buffer.from(testNetIdSigner.sign(payload)).toString('base64')}`;
    const agree = `${back}#${new URLSearchParams({ result, state })}`;
    const cancel = `${back}#${new URLSearchParams({ error: 'cancelled', state })}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="zh-CN"><head><meta name="viewport" content="width=device-width, initial-scale=1">
<title>网号/网证（模拟）</title>
<style>body{font:18px/1.6 system-ui,sans-serif;margin:0;padding:1.5rem;background:#eef3fb}
a{display:block;text-align:center;padding:.9rem;border-radius:12px;margin:.75rem 0;text-decoration:none;font-weight:700}
.ok{background:#1d4f91;color:#fff}.no{border:2px solid #1d4f91;color:#1d4f91}</style></head>
<body><h1>国家网络身份认证（模拟）</h1>
<p>“邻里”请求确认您已实名。将向邻里提供：已实名（不含身份证号码）。</p>
<a class="ok" href="${escapeHtml(agree)}">同意并返回邻里</a>
<a class="no" href="${escapeHtml(cancel)}">取消</a></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/handoff`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
