import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { journeyTools, phonePage, screenshot, screenshotDir, setupBrowserApp } from './helpers.js';

// Offers, needs and one act of help (issue #6): a resident posts a need and sees matches with
// their reasons; a neighbour offers help; acceptance reveals the phone numbers; they agree a time,
// the helper marks it done, the resident confirms the minutes and the points are paid.
const app = setupBrowserApp();
const { linli, signIn, api } = journeyTools(app);
const COMMUNITY = '440604012045';
const ASKER = '13911160001';
const HELPER = '13911160002';
const WORKER = '13711160009';
const ADMIN = '13611160001';

/** One part of a page, at full size, with the sticky header and bottom bar out of the way. */
async function partShot(part: Locator, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await part.screenshot({
    path: join(screenshotDir, `${name}.png`),
    style: '.app-header { position: static !important; } .bottom-nav { display: none !important; }',
  });
}

describe('offers, needs and an exchange in the browser', () => {
  let helper: Page;
  let worker: Page;
  // A failed step leaves both residents' screens behind, to see what went wrong.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await screenshot(app.page, `89-failed-asker-${ctx.task.name.slice(0, 20)}`).catch(() => {});
    if (helper) await screenshot(helper, `89-failed-helper-${ctx.task.name.slice(0, 20)}`).catch(() => {});
  });
  let needUrl: string;
  let exchangeUrl: string;

  it('lets a helper offer a skill and a resident post a need, checking the form as they type', async () => {
    const asker = app.page;
    await signIn(asker, ASKER);
    helper = await phonePage(app.browser);
    await signIn(helper, HELPER);
    for (const [page, nickname] of [
      [asker, '王阿姨'],
      [helper, '李师傅'],
    ] as const) {
      expect(
        (await api(page, 'PATCH', '/api/me/profile', { homeDivision: COMMUNITY, nickname })).status,
      ).toBe(204);
    }
    // Help is paid by the one helped (time-bank style), so the resident first earns some points:
    // the district gives the community a budget and a worker records two hours of her help.
    await linli('users', 'grant', '--phone', ADMIN, '--role', 'district_admin', '--division', '440604000000');
    await linli('users', 'grant', '--phone', WORKER, '--role', 'worker', '--division', COMMUNITY);
    const admin = await phonePage(app.browser);
    await signIn(admin, ADMIN);
    expect((await api(admin, 'PUT', `/api/points/budgets/${COMMUNITY}`, { budget: 1000 })).status).toBe(204);
    worker = await phonePage(app.browser);
    await signIn(worker, WORKER);
    const askerId = (await api(asker, 'GET', '/api/auth/session')).body.account.id as string;
    const help = await api(worker, 'POST', '/api/points/help-records', {
      accountId: askerId,
      minutes: 120,
      memo: '社区义诊帮忙登记',
      idempotencyKey: 'e2e-exchanges-help-1',
    });
    expect(help.status).toBeLessThan(300);

    // The helper's offer, posted directly (the journey below posts the need through the form).
    const categories = (await api(helper, 'GET', '/api/listing-categories')).body.items as {
      key: string;
      nameZh: string;
      requiredVerification: string;
      group: string;
    }[];
    // 电脑手机: help at home that needs no more than a checked phone number.
    const repair = categories.find((c) => c.key === 'computer_help')!;
    expect(repair.requiredVerification).toBe('phone');
    const offer = await api(helper, 'POST', '/api/listings', {
      direction: 'offer',
      kind: 'skill',
      category: repair.key,
      title: '会修电脑、路由器，教老人用手机',
      description: '在电脑城干了十年，可以上门。',
      tags: ['电脑', '路由器', '手机'],
      availability: [
        { day: 6, part: 'morning' },
        { day: 0, part: 'morning' },
      ],
      minutes: 60,
      capacity: 2,
      alerts: true,
    });
    expect(offer.status).toBe(201);

    // The resident starts from the home page's post button.
    await asker.goto(`${app.server.baseUrl}/`);
    await asker.getByRole('heading', { name: '附近的邻里互助' }).waitFor();
    await asker.getByRole('link', { name: '我需要帮助' }).click();
    await asker.getByRole('heading', { name: '发布需求', level: 1 }).waitFor();

    // Bad input is shown beside the field, in plain words, before anything is sent.
    await asker.getByLabel('标题').fill('路由器'.repeat(21));
    await asker.getByLabel('大约需要多少分钟').fill('1.5');
    await asker.getByRole('button', { name: '发布需求' }).last().click();
    await asker.getByText('请选择一个分类。').waitFor();
    await asker.getByText('标题最多 60 个字。').waitFor();
    await asker.getByText('请填 1 到 1440 之间的整数。').waitFor();
    await asker.getByText('有几处需要修改，请看上面红色的提示。').waitFor();
    await screenshot(asker, '80-post-need-bad-input');

    await asker.getByLabel('分类').selectOption({ label: repair.nameZh });
    await asker.getByLabel('标题').fill('家里WiFi连不上<b>急</b>');
    await asker
      .getByLabel('详细说明（可不填）')
      .fill('路由器灯一直闪红色，手机也上不了网。\n<script>alert(1)</script>');
    await asker.getByLabel('关键词（可不填）').fill('路由器，wifi');
    await asker.getByRole('button', { name: '周六 上午' }).click();
    await asker.getByLabel('大约需要多少分钟').fill('60');
    await asker.getByText('不填就按本区规则，约 10 分').waitFor();
    // A photo of the router, chosen on the phone and shown before sending.
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#1f6f8b' } })
      .jpeg()
      .toBuffer();
    await asker
      .getByLabel('添加照片')
      .setInputFiles({ name: 'router.jpg', mimeType: 'image/jpeg', buffer: photo });
    await asker.getByRole('img', { name: '第 1 张照片' }).waitFor();
    await screenshot(asker, '81-post-need-form');
    await asker.getByRole('button', { name: '发布需求' }).last().click();
    await asker.getByText('已保存。').waitFor();
    needUrl = asker.url();

    await asker.getByRole('img', { name: /^第 1 张照片：/ }).waitFor();

    // Markup is shown as text, never run.
    await asker.getByRole('heading', { name: '家里WiFi连不上<b>急</b>', level: 1 }).waitFor();
    await asker.getByText('<script>alert(1)</script>', { exact: false }).waitFor();
    expect(await asker.locator('.lx-description script').count()).toBe(0);

    // The matches, ranked, each with its reasons.
    const matches = asker.getByRole('list', { name: '可能帮得上的邻居' });
    const first = matches.getByRole('listitem').filter({ hasText: '会修电脑、路由器，教老人用手机' });
    await first.waitFor();
    const reasons = first.getByRole('list', { name: '推荐理由' });
    await reasons.getByText('同社区').or(reasons.getByText('同小区')).first().waitFor();
    await reasons.getByText(repair.nameZh).waitFor();
    await screenshot(asker, '82-need-with-matches');

    // An edit sends what changed; the page shows it.
    await asker.getByRole('link', { name: '修改', exact: true }).click();
    await asker.getByRole('heading', { name: '修改信息', level: 1 }).waitFor();
    await asker.getByLabel('大约需要多少分钟').fill('90');
    await asker.getByRole('button', { name: '保存修改' }).click();
    await asker.getByText('已保存。').waitFor();
    await asker.getByText('约 90 分钟').first().waitFor();
    await partShot(asker.getByRole('region', { name: '可能帮得上的邻居' }), '82-matches');
  });

  it('lets a neighbour offer help, with the phone masked until the need’s owner accepts', async () => {
    // Search finds the need by a word of it; a search with no result says so and suggests what next.
    await helper.goto(`${app.server.baseUrl}/search`);
    await helper.getByLabel('想找什么').fill('路由器');
    await helper.getByRole('button', { name: '搜索', exact: true }).click();
    const results = helper.getByRole('list', { name: '搜索结果' });
    await results.getByRole('link', { name: /家里WiFi连不上/ }).waitFor();
    await screenshot(helper, '83-search');
    await helper.getByLabel('想找什么').fill('xqzvw');
    await helper.getByRole('button', { name: '搜索', exact: true }).click();
    await helper.getByText('没有找到和“xqzvw”相关的信息。').waitFor();

    await helper.goto(`${app.server.baseUrl}/`);
    await helper.getByRole('button', { name: '需求', exact: true }).click();
    const card = helper.getByRole('link', { name: /家里WiFi连不上/ }).first();
    await card.waitFor();
    await screenshot(helper, '83-home-feed');
    await card.click();
    await helper.getByRole('heading', { name: '家里WiFi连不上<b>急</b>', level: 1 }).waitFor();
    await helper.getByRole('button', { name: '我来帮忙' }).click();
    await helper.getByLabel('想对 TA 说的话（可不填）').fill('我住隔壁楼，周六上午可以过来。');
    await helper.getByRole('button', { name: '发送' }).click();
    await helper.getByText('当前状态：').waitFor();
    exchangeUrl = helper.url();
    expect(exchangeUrl).toMatch(/\/exchanges\//);
    const header = helper.locator('.ex-header');
    await header.getByText('等待接受').waitFor();
    await helper.getByText('对方接受后才显示完整号码。').waitFor();
    await helper
      .getByText(/\*{2,}/)
      .first()
      .waitFor();
    await screenshot(helper, '83-exchange-proposed');

    // Offering twice is refused with a clear message, and nothing changes.
    await helper.goto(needUrl);
    await helper.getByRole('heading', { name: '家里WiFi连不上<b>急</b>', level: 1 }).waitFor();
    const again = helper.getByRole('button', { name: '我来帮忙' });
    if (await again.count()) {
      await again.click();
      await helper.getByRole('button', { name: '发送' }).click();
      await helper.getByRole('alert').getByText('你已经回应过这条信息了，请在“我的互助”里查看。').waitFor();
    } else {
      await helper.getByText('你已经回应过这条信息了，请在“我的互助”里查看。').waitFor();
    }
    await screenshot(helper, '84-offer-twice');
  });

  it('reveals both phone numbers on acceptance; they agree a time and place', async () => {
    const asker = app.page;
    await asker.goto(`${app.server.baseUrl}/me`);
    await asker.getByRole('link', { name: /我的互助/ }).click();
    await asker.getByRole('heading', { name: '我的互助', level: 1 }).waitFor();
    await asker.getByRole('link', { name: /家里WiFi连不上/ }).click();
    await asker.getByText('轮到您：对方在等您决定是否接受。').waitFor();
    await asker.getByText('我住隔壁楼，周六上午可以过来。').waitFor();
    await asker.getByRole('button', { name: '接受', exact: true }).click();
    const call = asker.getByRole('link', { name: `拨打 ${HELPER}` });
    await call.waitFor();
    expect(await call.getAttribute('href')).toBe(`tel:${HELPER}`);

    await asker.getByRole('button', { name: '约定时间地点' }).click();
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await asker.getByLabel('日期和时间').fill(`${tomorrow}T09:30`);
    await asker.getByLabel('地点').fill('3 栋 502 门口');
    await asker.getByLabel('预计用多少分钟').fill('60');
    await asker.getByRole('button', { name: '保存约定' }).click();
    await asker.locator('.ex-status-value').getByText('已约好时间', { exact: true }).waitFor();
    await asker.getByText('3 栋 502 门口').first().waitFor();
    await asker.getByLabel('给对方留言').fill('好的，周六见！');
    await asker.getByRole('button', { name: '发送', exact: true }).click();
    await asker.getByRole('list', { name: '留言' }).getByText('好的，周六见！').waitFor();
    await screenshot(asker, '85-exchange-scheduled');

    await helper.goto(exchangeUrl);
    await helper.getByRole('link', { name: `拨打 ${ASKER}` }).waitFor();
    await helper.getByText('好的，周六见！').waitFor();
  });

  it('pays the points once the helper marks it done and the resident confirms the minutes', async () => {
    await helper.getByRole('button', { name: '我已帮完' }).click();
    await helper.locator('.ex-status-value').getByText('已帮完', { exact: true }).waitFor();

    const asker = app.page;
    await asker.reload();
    await asker.getByText('轮到您：确认实际用了多长时间，积分随即支付。').waitFor();
    await asker.getByRole('button', { name: '确认时长并支付积分' }).click();
    // A fraction is refused in words, never turned into another number.
    await asker.getByLabel('实际用了多少分钟').fill('45.5');
    await asker.getByRole('button', { name: '确认并支付' }).click();
    await asker.getByText('请填 1 到 1440 之间的整数。').waitFor();
    await asker.getByLabel('实际用了多少分钟').fill('45');
    await screenshot(asker, '86-confirm-minutes');
    await asker.getByRole('button', { name: '确认并支付' }).click();
    await asker.locator('.ex-status-value').getByText('积分已支付', { exact: true }).waitFor();
    await asker.getByText(/已支付 \d+ 分/).waitFor();
    await asker
      .getByRole('link', { name: /号透明日志凭证$/ })
      .first()
      .waitFor();
    // Paid: both are invited to review, right on the exchange page.
    await asker.getByRole('heading', { name: '评价这次互助' }).waitFor();
    await screenshot(asker, '87-exchange-paid');
    await partShot(asker.getByRole('region', { name: '经过' }), '87-timeline');

    // The helper sees it paid, and the points in the love bank.
    await helper.reload();
    await helper.locator('.ex-status-value').getByText('积分已支付', { exact: true }).waitFor();
    const paid = Number(/已支付 (\d+) 分/.exec((await helper.locator('.ex-paid').textContent()) ?? '')![1]);
    expect(paid).toBeGreaterThan(0);
    await helper.goto(`${app.server.baseUrl}/points`);
    await helper.getByRole('region', { name: '我的积分' }).getByText(`现在可用 ${paid} 分`).waitFor();
    await screenshot(helper, '88-helper-points');

    // Nothing disputed in the community: the worker's console says so.
    await worker.goto(`${app.server.baseUrl}/console`);
    const disputes = worker.getByRole('region', { name: '互助争议' });
    await disputes.getByText('没有待处理的争议。').waitFor();
    await partShot(disputes, '88-console-disputes');
  });

  it('reads in English with large text', async () => {
    const asker = app.page;
    await asker.goto(exchangeUrl);
    await asker.getByRole('button', { name: '大字' }).click();
    await asker.getByRole('button', { name: 'English' }).click();
    await asker.locator('.ex-status-value').getByText('Points paid', { exact: true }).waitFor();
    await screenshot(asker, '89-exchange-english-large');
  });
});
