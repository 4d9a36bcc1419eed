import { describe, expect, it } from 'vitest';
import { screenshot, setupBrowserApp } from './helpers.js';

const app = setupBrowserApp();

describe('the trust page (透明)', () => {
  it('verifies the current checkpoint in the browser and remembers it', async () => {
    await app.page.goto(app.server.baseUrl);
    await app.page.getByRole('navigation', { name: '主导航' }).getByText('透明').click();
    await app.page.getByRole('heading', { name: '透明日志', level: 1 }).waitFor();
    await app.page.getByText('日志签名有效（已在本机核验）').waitFor();
    await app.page.getByText('这是本设备第一次查看').waitFor();
    // The first start logged the division imports, the demo people, their love points, exchanges,
    // reviews and huts; the newest ten are listed, each by its kind in words (never a raw kind).
    const recent = app.page.getByRole('list').filter({ hasText: '下载回执' });
    await recent.getByRole('link', { name: '下载回执' }).first().waitFor();
    expect(await recent.getByRole('link', { name: '下载回执' }).count()).toBe(10);
    const kinds = await recent.locator('.row-title').allTextContents();
    expect(kinds.filter((k) => /^[a-z_]+\.[a-z_]+$/.test(k.trim()))).toEqual([]);
    await screenshot(app.page, '10-trust-first-visit');
    await app.page.reload();
    await app.page.getByText('与您上次看到的记录一致').waitFor();
  });

  it('checks a downloaded receipt, and refuses a doctored one', async () => {
    const receipt = await (await fetch(`${app.server.baseUrl}/api/log/receipt/0`)).text();
    await app.page
      .locator('input[type=file]')
      .setInputFiles({ name: 'r.tlog-proof', mimeType: 'text/plain', buffer: Buffer.from(receipt) });
    await app.page.getByText('回执有效：第 0 条记录在日志中').waitFor();
    await app.page.getByText('"divisions.import"').waitFor();
    await screenshot(app.page, '11-trust-receipt-ok');
    const extra = /extra (\S+)/.exec(receipt)![1]!;
    const body = Buffer.from(extra, 'base64').toString('utf8').replace('"inserted":', '"inserted":1');
    const doctored = receipt.replace(extra, Buffer.from(body).toString('base64'));
    await app.page
      .locator('input[type=file]')
      .setInputFiles({ name: 'bad.tlog-proof', mimeType: 'text/plain', buffer: Buffer.from(doctored) });
    await app.page.getByText('回执无效').waitFor();
  });

  it('raises an alarm with both checkpoints when the log does not extend what this browser saw', async () => {
    // Pretend this browser once saw a checkpoint of the same size with another root: a fork.
    await app.page.evaluate(() => {
      const state = JSON.parse(localStorage.getItem('linli.trust.v1')!);
      const lines = state.lastCheckpoint.split('\n');
      lines[2] = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
      state.lastCheckpoint = lines.join('\n');
      localStorage.setItem('linli.trust.v1', JSON.stringify(state));
    });
    await app.page.reload();
    const alarm = app.page.getByRole('alert');
    await alarm.getByText('警告：日志与您上次看到的不一致').waitFor();
    expect(await alarm.locator('pre').count()).toBe(2);
    await screenshot(app.page, '12-trust-alarm');
  });

  it('serves a printable poster', async () => {
    const poster = await app.page.context().newPage();
    await poster.goto(`${app.server.baseUrl}/api/log/poster`);
    await poster.getByText('邻里透明日志 · 本周检查点').waitFor();
    expect(await poster.locator('svg').count()).toBeGreaterThan(0);
    await screenshot(poster, '13-poster');
    await poster.close();
  });
});
