import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServerProcess, stopProcess } from '../bench/processes.js';
import { projectRoot } from '../server/lib/paths.js';

const run = promisify(execFile);

export const CHROMIUM = '/usr/bin/chromium';
export const screenshotDir = join(projectRoot, 'test-results', 'screenshots');

/** The built server on a fresh data directory, as `npm start` runs it. */
export async function startBuiltServer(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
  // The journeys run on the embedded database even when DATABASE_URL is set (as in CI).
  const { child, baseUrl } = await startServerProcess({ LINLI_DATA_DIR: dataDir, DATABASE_URL: '', ...env });
  return {
    baseUrl,
    dataDir,
    stop: async () => {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A phone-sized page (the app is mobile-first) with Chinese as the browser language. */
export async function phonePage(browser: Browser, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale,
    isMobile: true,
    hasTouch: true,
  });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface BrowserApp {
  server: Awaited<ReturnType<typeof startBuiltServer>>;
  browser: Browser;
  /** A phone-sized Chinese page, shared by the tests of one file (they form one journey). */
  page: Page;
}

/** For a test file: the built server on a fresh data directory and Chromium, torn down after. */
export function setupBrowserApp(): BrowserApp {
  const app = {} as BrowserApp;
  beforeAll(async () => {
    app.server = await startBuiltServer();
    app.browser = await launchBrowser();
    app.page = await phonePage(app.browser);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

/**
 * What a journey does besides clicking: the `linli` CLI on the server's data (the SMS outbox),
 * signing a phone in through the real form, and JSON calls made by a signed-in page itself.
 */
export function journeyTools(app: BrowserApp) {
  async function linli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [join(projectRoot, 'bin/linli.mjs'), ...args], {
      env: { ...process.env, LINLI_DATA_DIR: app.server.dataDir, DATABASE_URL: '' },
    });
    return stdout;
  }
  const codeFromOutbox = async (phone: string) =>
    /验证码是 (\d{6})/.exec(await linli('sms', 'outbox', '--phone', phone, '--limit', '1'))![1]!;

  async function signIn(page: Page, phone: string) {
    await page.goto(`${app.server.baseUrl}/sign-in`);
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送').waitFor();
    await page.getByLabel('6 位验证码').fill(await codeFromOutbox(phone));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { name: '我的', level: 1 }).waitFor();
  }

  /** A JSON call made by the signed-in page itself (its cookie and CSRF token), for set-up steps. */
  async function api(page: Page, method: string, path: string, body?: unknown) {
    return page.evaluate(
      async ([method, path, body]) => {
        const session = await (await fetch('/api/auth/session')).json();
        const res = await fetch(path as string, {
          method: method as string,
          headers: {
            'x-csrf-token': session.csrfToken,
            ...(body === null ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === null ? {} : { body: JSON.stringify(body) }),
        });
        const json = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
        return { status: res.status, body: json };
      },
      [method, path, body ?? null] as const,
    );
  }

  return { linli, codeFromOutbox, signIn, api };
}
