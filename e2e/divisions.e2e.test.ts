import { describe, expect, it } from 'vitest';
import { screenshot, setupBrowserApp } from './helpers.js';

const app = setupBrowserApp();

describe('the resident app: divisions', () => {
  it('loads the home page in Chinese with the served areas', async () => {
    const errors: string[] = [];
    app.page.on('pageerror', (e) => errors.push(e.message));
    await app.page.goto(app.server.baseUrl);
    await app.page.getByRole('heading', { name: '邻里 · 共享社区' }).waitFor();
    await app.page.getByText('禅城区', { exact: true }).waitFor();
    await app.page.getByText('亚运村街道', { exact: true }).waitFor();
    expect(await app.page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(
      await app.page.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents(),
    ).toEqual([
      expect.stringContaining('首页'),
      expect.stringContaining('社区'),
      expect.stringContaining('积分'),
      expect.stringContaining('透明'),
      expect.stringContaining('我的'),
    ]);
    await screenshot(app.page, '01-home-zh');
    expect(errors).toEqual([]);
  });

  it('walks the tree: 禅城区 → 祖庙街道 → its communities', async () => {
    await app.page.getByText('禅城区', { exact: true }).click();
    await app.page.getByRole('heading', { name: '禅城区', level: 1 }).waitFor();
    const streets = app.page.getByRole('list', { name: '街道和镇' });
    await streets.getByText('祖庙街道', { exact: true }).waitFor();
    expect(await streets.getByRole('link').count()).toBe(4);
    await screenshot(app.page, '02-chancheng-streets');
    await streets.getByText('祖庙街道', { exact: true }).click();
    await app.page.getByRole('heading', { name: '祖庙街道', level: 1 }).waitFor();
    const communities = app.page.getByRole('list', { name: '社区和村' });
    await communities.getByText('塔坡社区', { exact: true }).waitFor();
    expect(await communities.getByRole('link').count()).toBeGreaterThan(20);
    // The breadcrumb leads back up.
    const crumbs = await app.page
      .getByRole('navigation', { name: '所在位置' })
      .getByRole('link')
      .allTextContents();
    expect(crumbs).toEqual(['社区', '广东省', '佛山市', '禅城区']);
    await screenshot(app.page, '03-zumiao-communities');
  });

  it('finds 塔坡社区 by name, pinyin and initials', async () => {
    await app.page.getByRole('navigation', { name: '主导航' }).getByText('社区').click();
    const box = app.page.getByRole('searchbox', { name: '搜索社区或街道' });
    for (const q of ['塔坡', 'tapo', 'tp']) {
      await box.fill(q);
      const results = app.page.getByRole('list', { name: '搜索结果' });
      await results.getByText('塔坡社区', { exact: true }).first().waitFor();
    }
    await screenshot(app.page, '04-search-tp');
    await app.page
      .getByRole('list', { name: '搜索结果' })
      .getByText('塔坡社区', { exact: true })
      .first()
      .click();
    await app.page.getByRole('heading', { name: '塔坡社区', level: 1 }).waitFor();
    await app.page.getByText('440604012045').waitFor();
    await app.page.getByText('塔坡社区居委会').waitFor();
  });

  it('says so when nothing matches', async () => {
    await app.page.goto(`${app.server.baseUrl}/divisions`);
    await app.page.getByRole('searchbox', { name: '搜索社区或街道' }).fill('不存在的地方');
    await app.page.getByText('没有找到与“不存在的地方”相符的社区或街道。').waitFor();
  });

  it('switches to English and back, and remembers it', async () => {
    await app.page.goto(app.server.baseUrl);
    await app.page.getByRole('button', { name: 'English' }).click();
    await app.page.getByRole('heading', { name: 'Linli · Sharing community' }).waitFor();
    expect(await app.page.getAttribute('html', 'lang')).toBe('en');
    await app.page.getByRole('navigation', { name: 'Main navigation' }).getByText('Communities').waitFor();
    await screenshot(app.page, '05-home-en');
    await app.page.reload();
    await app.page.getByRole('heading', { name: 'Linli · Sharing community' }).waitFor();
    // Server errors follow the language too.
    await app.page.goto(`${app.server.baseUrl}/divisions/440699`);
    await app.page.getByText('There is no division with code 440699.').waitFor();
    await screenshot(app.page, '06-not-found-en');
    await app.page.getByRole('button', { name: '中文' }).click();
    await app.page.getByText('找不到代码为 440699 的行政区划。').waitFor();
  });

  it('has a large-text mode with big touch targets', async () => {
    await app.page.goto(`${app.server.baseUrl}/divisions/440604`);
    await app.page.getByRole('heading', { name: '禅城区', level: 1 }).waitFor();
    const before = await app.page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    await app.page.getByRole('button', { name: '大字' }).click();
    const after = await app.page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(after).toBeGreaterThan(before * 1.2);
    const rowHeights = await app.page
      .locator('.row')
      .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    for (const h of rowHeights) expect(h).toBeGreaterThanOrEqual(48);
    const navHeights = await app.page
      .locator('.bottom-nav-item')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    for (const h of navHeights) expect(h).toBeGreaterThanOrEqual(48);
    await screenshot(app.page, '07-large-text');
    await app.page.getByRole('navigation', { name: '主导航' }).getByText('我的').click();
    const largeSwitch = app.page.getByRole('checkbox', { name: /大字模式/ });
    expect(await largeSwitch.isChecked()).toBe(true);
    await largeSwitch.uncheck();
    expect(await app.page.getAttribute('html', 'data-text-size')).toBe('normal');
    await screenshot(app.page, '08-settings');
  });

  it('serves client-side routes on reload and problem JSON for unknown API paths', async () => {
    const res = await app.page.goto(`${app.server.baseUrl}/divisions/440604012`);
    expect(res?.status()).toBe(200);
    await app.page.getByRole('heading', { name: '祖庙街道', level: 1 }).waitFor();
    await app.page.goto(`${app.server.baseUrl}/divisions/abc`);
    await app.page.getByText('找不到代码为 abc 的行政区划。').waitFor();
    expect(await app.page.getByRole('button', { name: '重试' }).count()).toBe(0);
    const api = await fetch(`${app.server.baseUrl}/api/nowhere`);
    expect(api.status).toBe(404);
    expect((await api.json()).code).toBe('route_not_found');
  });
});
