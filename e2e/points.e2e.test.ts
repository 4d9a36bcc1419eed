import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journeyTools, phonePage, screenshot, screenshotDir, setupBrowserApp } from './helpers.js';

// The love bank (爱心积分): a worker records help, the resident sees it, gives to family, opens the
// receipt and the monthly statement; a large adjustment waits for a second admin.
const app = setupBrowserApp();
const { linli, signIn, api } = journeyTools(app);
const COMMUNITY = '440604012045';
const RESIDENT = '13911120001';
const RELATIVE = '13911120002';
const WORKER = '13711120009';
const ADMIN_A = '13611120001';
const ADMIN_B = '13611120002';

/** One card, at full size, with the sticky header out of the way. */
async function cardShot(card: Locator, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await card.screenshot({
    path: join(screenshotDir, `${name}.png`),
    style: '.app-header { position: static !important; } .bottom-nav { display: none !important; }',
  });
}

describe('the love bank in the browser', () => {
  let relative: Page;
  let worker: Page;
  let adminA: Page;
  let communityName: string;

  it('lets a district admin give the community a budget', async () => {
    await linli(
      'users',
      'grant',
      '--phone',
      ADMIN_A,
      '--role',
      'district_admin',
      '--division',
      '440604000000',
    );
    await linli(
      'users',
      'grant',
      '--phone',
      ADMIN_B,
      '--role',
      'district_admin',
      '--division',
      '440604000000',
    );
    await linli('users', 'grant', '--phone', WORKER, '--role', 'worker', '--division', COMMUNITY);
    adminA = await phonePage(app.browser);
    await signIn(adminA, ADMIN_A);
    communityName = (await api(adminA, 'GET', `/api/divisions/${COMMUNITY}`)).body.division.shortName;
    await adminA.getByRole('link', { name: '打开社区工作台' }).click();
    const budgets = adminA.getByRole('region', { name: '社区积分额度' });
    await budgets.getByLabel('按社区名筛选').fill(communityName);
    await budgets.getByRole('button', { name: `改额度 ${communityName}` }).click();
    await budgets.getByLabel(`${communityName} 的新额度`).fill('1000');
    await budgets.getByRole('button', { name: '保存' }).click();
    await budgets.getByText('额度已保存。').waitFor();
    await budgets.getByText(/额度 1,000 · 已发 0 · 剩余 1,000/).waitFor();
    await cardShot(budgets, '60-console-budgets');
  });

  it('shows a new resident the rules first, then a worker records their help', async () => {
    await signIn(app.page, RESIDENT);
    relative = await phonePage(app.browser);
    await signIn(relative, RELATIVE);
    expect(
      (await api(app.page, 'PATCH', '/api/me/profile', { homeDivision: COMMUNITY, nickname: '王阿姨' }))
        .status,
    ).toBe(204);
    expect(
      (await api(relative, 'PATCH', '/api/me/profile', { homeDivision: COMMUNITY, nickname: '小王' })).status,
    ).toBe(204);
    expect(
      (await api(app.page, 'POST', '/api/me/family', { phone: RELATIVE, relation: 'child' })).status,
    ).toBeLessThan(300);
    const [link] = (await api(relative, 'GET', '/api/me/family')).body.items;
    expect((await api(relative, 'POST', `/api/me/family/${link.id}/confirm`)).status).toBeLessThan(300);

    // From the home page, the points page: a newcomer sees the rules open, in plain words.
    await app.page.goto(`${app.server.baseUrl}/`);
    await app.page.getByRole('link', { name: /我的爱心积分/ }).click();
    await app.page.getByRole('heading', { name: '爱心积分', level: 1 }).waitFor();
    const rules = app.page.getByRole('region', { name: '积分怎么得、怎么用' });
    await rules.getByText('帮邻居 1 小时得 10 分（按实际分钟折算）。').waitFor();
    await rules.getByText('每人最多存 1,500 分；超出的部分自动捐入社区爱心池。').waitFor();
    await rules.getByText('积分不会过期。').waitFor();
    await app.page.getByRole('region', { name: '积分明细' }).getByText('还没有积分记录。').waitFor();
    await screenshot(app.page, '61-points-new-resident');

    worker = await phonePage(app.browser);
    await signIn(worker, WORKER);
    await worker.getByRole('link', { name: '打开社区工作台' }).click();
    const help = worker.getByRole('region', { name: '记录服务与资助' });
    await help.getByLabel('居民手机号').fill(RESIDENT);
    await help.getByRole('button', { name: '查找' }).click();
    await help.getByText('王阿姨 · 现有 0 分').waitFor();
    await help.getByLabel('服务时长（分钟）').fill('120');
    await help.getByLabel('做了什么').fill('陪独居老人就医');
    await help.getByRole('button', { name: '记录服务并发积分' }).click();
    await help.getByText('已发放 20 分。').waitFor();
    await cardShot(help, '62-console-help-recorded');
  });

  it('shows the balance with given and received, and gives to family with a confirm step', async () => {
    await app.page.reload();
    const balance = app.page.getByRole('region', { name: '我的积分' });
    await balance.getByText('现在可用 20 分').waitFor();
    const statement = app.page.getByRole('region', { name: '积分明细' });
    const earned = statement.getByRole('listitem').filter({ hasText: '服务所得' });
    await earned.getByText('+20').waitFor();
    await earned.getByText('陪独居老人就医').waitFor();

    const gift = app.page.getByRole('region', { name: '赠送给家人' });
    await gift.getByText('本月已送 0 分，还可送 200 分（每月上限 200 分）。').waitFor();
    await expect
      .poll(() => gift.getByLabel('送给').inputValue())
      .toBe((await api(app.page, 'GET', '/api/me/family')).body.items[0].id);
    // A decimal is shown as a mistake, never quietly turned into another number.
    await gift.getByLabel('赠送积分').fill('1.5');
    await expect.poll(() => gift.getByLabel('赠送积分').inputValue()).toBe('1.5');
    expect(await gift.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    const donate = app.page.getByRole('region', { name: '捐给社区爱心池' });
    await donate.getByLabel('捐出积分').fill('100');
    await donate.getByText('现在最多可用 20 分。').waitFor();
    expect(await donate.getByRole('button', { name: '捐出' }).isDisabled()).toBe(true);
    await donate.getByLabel('捐出积分').fill('');
    // More than I have: a clear problem, and nothing moves.
    await gift.getByLabel('赠送积分').fill('50');
    await gift.getByRole('button', { name: '下一步' }).click();
    await gift.getByRole('button', { name: '确认赠送' }).click();
    await gift.getByRole('alert').getByText('积分不足：目前最多可用 20 分。').waitFor();
    await gift.getByRole('button', { name: '返回修改' }).click();
    await gift.getByLabel('赠送积分').fill('5');
    await gift.getByRole('button', { name: '下一步' }).click();
    await gift.getByText('送给 小王 5 分。送出后您的积分变为 15 分。').waitFor();
    await cardShot(gift, '63-gift-confirm');
    await gift.getByRole('button', { name: '确认赠送' }).click();
    await gift.getByText('已送给 小王 5 分。').waitFor();
    await gift.getByText('本月已送 5 分，还可送 195 分（每月上限 200 分）。').waitFor();
    await balance.getByText('现在可用 15 分').waitFor();
    const given = statement.getByRole('listitem').filter({ hasText: '家人赠与' });
    await given.getByText('小王').waitFor();
    await given.getByText('−5').waitFor();
    await given.getByText('余额 15').waitFor();
    await screenshot(app.page, '64-points-after-gift');

    // Only what went out.
    await statement.getByLabel('收支').selectOption('out');
    await expect.poll(() => statement.getByRole('listitem').count()).toBe(1);
    await statement.getByRole('listitem').filter({ hasText: '家人赠与' }).waitFor();

    // The relative sees it received.
    await relative.goto(`${app.server.baseUrl}/points`);
    const theirs = relative.getByRole('region', { name: '积分明细' }).getByRole('listitem');
    await theirs.filter({ hasText: '家人赠与' }).getByText('+5').waitFor();
    await theirs.filter({ hasText: '王阿姨' }).waitFor();
  });

  it('downloads the statement as CSV and opens a line’s trust-log receipt', async () => {
    const statement = app.page.getByRole('region', { name: '积分明细' });
    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      statement.getByRole('button', { name: '下载明细（CSV）' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('家人赠与');
    expect(csv).not.toContain('服务所得'); // the "out" filter applies to the download too

    const line = statement.getByRole('listitem').filter({ hasText: '家人赠与' });
    await line.getByRole('link', { name: /号透明日志凭证$/ }).click();
    await app.page.getByRole('heading', { name: /^透明日志凭证 #\d+$/ }).waitFor();
    await expect
      .poll(async () => (await app.page.locator('pre.evidence').textContent())?.length ?? 0)
      .toBeGreaterThan(100);
    await app.page.getByRole('link', { name: '下载凭证文件' }).waitFor();
    await app.page.getByRole('link', { name: '到“透明”页核验' }).waitFor();
    await screenshot(app.page, '65-receipt');
  });

  it('prints a monthly statement whose totals add up', async () => {
    await app.page.goto(`${app.server.baseUrl}/points`);
    await app.page.getByRole('link', { name: '打印月结单' }).click();
    await app.page.getByRole('heading', { name: /爱心积分月结单$/ }).waitFor();
    const totals = app.page.locator('.points-totals');
    await expect
      .poll(() => totals.textContent())
      .toMatch(/月初余额\s*0\s*本月收到\s*\+20\s*本月给出\s*−5\s*月末余额\s*15/);
    await expect.poll(() => app.page.locator('.points-table tbody tr').count()).toBe(2);
    await screenshot(app.page, '66-monthly-statement');
    await app.page.emulateMedia({ media: 'print' });
    await screenshot(app.page, '67-monthly-statement-print');
    await app.page.emulateMedia({ media: 'screen' });
  });

  it('holds a large adjustment for a second admin, who approves it', async () => {
    await adminA.reload();
    const adjust = adminA.getByRole('region', { name: '积分调整与审批' });
    await adjust.getByLabel('居民手机号').fill(RESIDENT);
    await adjust.getByRole('button', { name: '查找' }).click();
    await adjust.getByText('王阿姨 · 现有 15 分').waitFor();
    await adjust.getByLabel('调整积分（减少请填负数）').fill('150');
    await adjust.getByLabel('调整原因').fill('补记重阳节活动志愿服务');
    await adjust.getByRole('button', { name: '提交调整' }).click();
    await adjust.getByText('金额较大，已提交，等待另一位管理员批准。').waitFor();
    // The one who asked cannot approve.
    const mine = adjust.getByRole('listitem').filter({ hasText: '王阿姨 +150 分' });
    await mine.getByRole('button', { name: '批准' }).click();
    await adjust.getByText('这笔调整需要另一位区级管理员审批，不能由申请人自己批准。').waitFor();

    const adminB = await phonePage(app.browser);
    await signIn(adminB, ADMIN_B);
    await adminB.getByRole('link', { name: '打开社区工作台' }).click();
    const theirs = adminB.getByRole('region', { name: '积分调整与审批' });
    const pending = theirs.getByRole('listitem').filter({ hasText: '王阿姨 +150 分' });
    await pending.getByText('原因：补记重阳节活动志愿服务', { exact: false }).waitFor();
    await cardShot(theirs, '68-adjustment-pending');
    await screenshot(adminB, '68-console-full');
    await pending.getByRole('button', { name: '批准' }).click();
    await theirs.getByText('没有等待批准的调整。').waitFor();

    // The rules editor shows the version in force and publishes a new one.
    const rules = adminB.getByRole('region', { name: '积分规则' });
    await rules.getByText('现行：默认规则（第 0 版）').waitFor();
    await rules.getByLabel('每月赠送家人上限').fill('300');
    await rules.getByRole('button', { name: '发布新版本' }).click();
    await rules.getByText('已发布第 1 版。').waitFor();
    await rules.getByText(/^现行第 1 版/).waitFor();
    await cardShot(rules, '68-console-rules-editor');

    // A personal credit limit, set on the same resident, shows in what they can use now.
    await adjust.getByLabel('可透支的积分（留空即用全区默认）').fill('20');
    await adjust.getByRole('button', { name: '保存透支额度' }).click();
    await adjust.getByText('已保存，并记入透明日志。').waitFor();
    await cardShot(adjust, '68-credit-limit');

    await app.page.goto(`${app.server.baseUrl}/points`);
    await app.page.getByRole('region', { name: '我的积分' }).getByText('现在可用 185 分').waitFor();
    await app.page
      .getByRole('region', { name: '积分明细' })
      .getByRole('listitem')
      .filter({ hasText: '人工调整' })
      .getByText('+150')
      .waitFor();
  });

  it('reads in English with large text', async () => {
    await app.page.getByRole('button', { name: '大字' }).click();
    await app.page.getByRole('button', { name: 'English' }).click();
    await app.page.getByRole('heading', { name: 'Love points', level: 1 }).waitFor();
    const balance = app.page.getByRole('region', { name: 'My points' });
    await balance.getByText('185 points can be used now').waitFor();
    await app.page.getByRole('list', { name: 'Statement' }).getByText('Family gift').waitFor();
    // Folded for someone with history, one tap away.
    await app.page.getByText('How points are earned and used').click();
    await app.page.getByText('One hour of help earns 10 points (counted by the minute).').waitFor();
    await screenshot(app.page, '69-points-english-large');
    // The bottom navigation, five labels in English at large size.
    await app.page
      .locator('.bottom-nav')
      .screenshot({ path: join(screenshotDir, '69-nav-english-large.png') });
  });
});
