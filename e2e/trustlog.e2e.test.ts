import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phonePage, screenshot, startBuiltServer } from './helpers.js';

let server: Awaited<ReturnType<typeof startBuiltServer>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startBuiltServer();
  browser = await launchBrowser();
  page = await phonePage(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the trust page (透明)', () => {
  it('verifies the current checkpoint in the browser and remembers it', async () => {
    await page.goto(server.baseUrl);
    await page.getByRole('navigation', { name: '主导航' }).getByText('透明').click();
    await page.getByRole('heading', { name: '透明日志', level: 1 }).waitFor();
    await page.getByText('日志签名有效（已在本机核验）').waitFor();
    await page.getByText('这是本设备第一次查看').waitFor();
    // The first start logged the two division imports.
    await page.getByText('导入行政区划').first().waitFor();
    expect(await page.getByText('导入行政区划').count()).toBe(2);
    await screenshot(page, '10-trust-first-visit');
    await page.reload();
    await page.getByText('与您上次看到的记录一致').waitFor();
  });

  it('checks a downloaded receipt, and refuses a doctored one', async () => {
    const receipt = await (await fetch(`${server.baseUrl}/api/log/receipt/0`)).text();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'r.tlog-proof', mimeType: 'text/plain', buffer: Buffer.from(receipt) });
    await page.getByText('回执有效：第 0 条记录在日志中').waitFor();
    await page.getByText('"divisions.import"').waitFor();
    await screenshot(page, '11-trust-receipt-ok');
    const extra = /extra (\S+)/.exec(receipt)![1]!;
    const body = Buffer.from(extra, 'base64').toString('utf8').replace('"inserted":', '"inserted":1');
    const doctored = receipt.replace(extra, Buffer.from(body).toString('base64'));
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'bad.tlog-proof', mimeType: 'text/plain', buffer: Buffer.from(doctored) });
    await page.getByText('回执无效').waitFor();
  });

  it('raises an alarm with both checkpoints when the log does not extend what this browser saw', async () => {
    // Pretend this browser once saw a checkpoint of the same size with another root: a fork.
    await page.evaluate(() => {
      const state = JSON.parse(localStorage.getItem('linli.trust.v1')!);
      const lines = state.lastCheckpoint.split('\n');
      lines[2] = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
      state.lastCheckpoint = lines.join('\n');
      localStorage.setItem('linli.trust.v1', JSON.stringify(state));
    });
    await page.reload();
    const alarm = page.getByRole('alert');
    await alarm.getByText('警告：日志与您上次看到的不一致').waitFor();
    expect(await alarm.locator('pre').count()).toBe(2);
    await screenshot(page, '12-trust-alarm');
  });

  it('serves a printable poster', async () => {
    const poster = await page.context().newPage();
    await poster.goto(`${server.baseUrl}/api/log/poster`);
    await poster.getByText('邻里透明日志 · 本周检查点').waitFor();
    expect(await poster.locator('svg').count()).toBeGreaterThan(0);
    await screenshot(poster, '13-poster');
    await poster.close();
  });
});
