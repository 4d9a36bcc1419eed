import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServerProcess, stopProcess } from '../bench/processes.js';
import { projectRoot } from '../server/lib/paths.js';

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
