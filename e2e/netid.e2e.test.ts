import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { projectRoot } from '../server/lib/paths.js';
import { testNetIdSigner } from '../test/helpers/services.js';
import { launchBrowser, phonePage, screenshot, startBuiltServer } from './helpers.js';
import { startNetIdSimulator } from './netid-simulator.js';

// Handing the resident to the network-ID provider (网号/网证) and back with a signed result.
const run = promisify(execFile);
let server: Awaited<ReturnType<typeof startBuiltServer>>;
let simulator: Awaited<ReturnType<typeof startNetIdSimulator>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  simulator = await startNetIdSimulator();
  server = await startBuiltServer({
    LINLI_NETID_PROVIDER_KEY: testNetIdSigner.verifierKey,
    LINLI_NETID_PROVIDER_URL: simulator.url,
  });
  browser = await launchBrowser();
  page = await phonePage(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await simulator?.close();
});

async function signIn(phone: string) {
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送').waitFor();
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, 'bin/linli.mjs'), 'sms', 'outbox', '--phone', phone, '--limit', '1'],
    { env: { ...process.env, LINLI_DATA_DIR: server.dataDir, DATABASE_URL: '' } },
  );
  await page.getByLabel('6 位验证码').fill(/验证码是 (\d{6})/.exec(stdout)![1]!);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '我的', level: 1 }).waitFor();
}

describe('real name through the network-ID provider', () => {
  it('comes back unchanged when the resident cancels at the provider', async () => {
    await signIn('13922220001');
    await page.getByRole('button', { name: '用网号/网证认证' }).click();
    await page.getByRole('heading', { name: '国家网络身份认证（模拟）' }).waitFor();
    await page.getByRole('link', { name: '取消' }).click();
    await page.getByText('您在认证服务中取消了，没有任何改变。').waitFor();
    await page.getByRole('link', { name: '回到我的' }).click();
    await page.getByText('手机号已验证').first().waitFor();
  });

  it('refuses a result this tab did not ask for', async () => {
    await page.goto(`${server.baseUrl}/verify/network-id#result=abc.def&state=forged`);
    await page.getByText('这个认证结果不是从本页面发起的').waitFor();
  });

  it('hands off, comes back with a signed result, and is verified only once Linli checked it', async () => {
    await page.goto(`${server.baseUrl}/me`);
    await page.getByRole('button', { name: '用网号/网证认证' }).click();
    await page.getByRole('heading', { name: '国家网络身份认证（模拟）' }).waitFor();
    await screenshot(page, '50-netid-provider');
    await page.getByRole('link', { name: '同意并返回邻里' }).click();
    await page.getByText('认证结果签名核验通过，您已实名。').waitFor();
    // The result is not left in the address bar.
    if (page.url().includes('result=')) throw new Error(`result left in the address: ${page.url()}`);
    await screenshot(page, '51-netid-done');
    await page.getByRole('link', { name: '回到我的' }).click();
    await page.getByText('已实名').first().waitFor();
    await page.getByRole('button', { name: '用网号/网证认证' }).waitFor({ state: 'detached' });
  });
});
