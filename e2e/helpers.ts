import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServerProcess, stopProcess } from '../bench/processes.js';
import { projectRoot } from '../server/lib/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const screenshotDir = join(projectRoot, 'test-results', 'screenshots');

/** The built server on a fresh data directory, as `npm start` runs it. */
export async function startBuiltServer(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
  const { child, baseUrl } = await startServerProcess({ LINLI_DATA_DIR: dataDir, ...env });
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
