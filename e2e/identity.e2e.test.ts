import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../server/lib/paths.js';
import { launchBrowser, phonePage, screenshot, startBuiltServer } from './helpers.js';

const run = promisify(execFile);
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

/** Reads the code the way a developer would: `linli sms outbox`. */
async function codeFromOutbox(phone: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, 'bin/linli.mjs'), 'sms', 'outbox', '--phone', phone, '--limit', '1'],
    {
      env: { ...process.env, LINLI_DATA_DIR: server.dataDir, DATABASE_URL: '' },
    },
  );
  return /验证码是 (\d{6})/.exec(stdout)![1]!;
}

describe('signing in and my account', () => {
  it('signs up with a phone number and an SMS code', async () => {
    await page.goto(`${server.baseUrl}/me`);
    await page.getByRole('link', { name: '登录 / 注册' }).click();
    await page.getByRole('heading', { name: '登录 / 注册', level: 1 }).waitFor();
    await page.getByLabel('手机号').fill('139 0000 1234');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送').waitFor();
    await page.getByRole('button', { name: /秒后可重新获取/ }).waitFor();
    await screenshot(page, '20-sign-in');
    await page.getByLabel('6 位验证码').fill(await codeFromOutbox('13900001234'));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { name: '我的', level: 1 }).waitFor();
    await page.getByText('139****1234').waitFor();
    await page.getByText('手机号已验证').waitFor();
  });

  it('registers this browser’s co-signing key and is told about the log records that name me', async () => {
    await page.getByRole('button', { name: '登记本设备' }).click();
    await page.getByText('本设备已登记，可以共同签名。').waitFor();
    await page.reload();
    await page.getByText('本设备已登记，可以共同签名。').waitFor();
    await page.getByText(/透明日志新增了与您有关的记录：账户创建/).waitFor();
    await page.getByText(/透明日志新增了与您有关的记录：登记设备密钥/).waitFor();
    await page.getByText('2 条未读').waitFor();
    await screenshot(page, '21-me-signed-in');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.getByText('2 条未读').count()).toBe(0);
  });

  it('refuses a wrong code plainly', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('link', { name: '登录 / 注册' }).waitFor();
    await page.getByRole('link', { name: '登录 / 注册' }).click();
    await page.getByLabel('手机号').fill('13900005678');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送').waitFor();
    const right = await codeFromOutbox('13900005678');
    await page.getByLabel('6 位验证码').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('验证码不对，请核对后再输入。').waitFor();
    await screenshot(page, '22-wrong-code');
  });
});
