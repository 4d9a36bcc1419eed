import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { journeyTools, phonePage, screenshot, setupBrowserApp } from './helpers.js';

// Reviews (评价) and the credit record (信用记录): after a paid exchange the recipient reviews from
// 待评价, the review stays blind until the provider reviews too, both see each other's, the
// provider's credit card links every figure to the trust log, and a worker hides a reported review.
const app = setupBrowserApp();
const { linli, signIn, api } = journeyTools(app);
// Demo residents (the seed gives them homes and love points).
const PROVIDER = '19900000000';
const RECIPIENT = '19900000001';
const WORKER = '13711180009';

/** An open offer of the provider, written straight into the database (the listings API is #6's). */
function insertOffer(ownerId: string, community: string): string {
  const db = new Database(join(app.server.dataDir, 'linli.sqlite'));
  db.pragma('busy_timeout = 5000');
  const id = uuidv7();
  const now = Date.now();
  db.prepare(
    `insert into listings (id, owner_id, acted_by, direction, kind, title, description, district_code, category,
       tags, division_code, compound_id, availability, deadline, minutes, points, required_verification, capacity,
       open_slots, alerts, status, expires_at, created_at, updated_at, closed_at)
     values (?, ?, null, 'offer', 'service', '阳台灯泡更换', '', ?, 'plumbing', '[]', ?, null, '[]', null, 60, null,
       'phone', 1, 1, 0, 'open', ?, ?, ?, null)`,
  ).run(id, ownerId, `${community.slice(0, 6)}000000`, community, now + 30 * 86_400_000, now, now);
  db.close();
  return id;
}

describe('reviews in the browser', () => {
  let provider: Page;
  let providerId: string;
  let recipientId: string;
  let recipientHome: string;
  let exchangeId: string;

  it('invites both sides to review once the exchange is paid', async () => {
    provider = await phonePage(app.browser);
    await signIn(provider, PROVIDER);
    await signIn(app.page, RECIPIENT);
    const p = (await api(provider, 'GET', '/api/auth/session')).body.account;
    const r = (await api(app.page, 'GET', '/api/auth/session')).body.account;
    providerId = p.id;
    recipientId = r.id;
    recipientHome = r.homeDivision;
    const listingId = insertOffer(providerId, p.homeDivision);
    const created = await api(app.page, 'POST', '/api/exchanges', { listingId });
    expect(created.status).toBe(201);
    exchangeId = created.body.id;
    expect((await api(provider, 'POST', `/api/exchanges/${exchangeId}/accept`)).status).toBe(200);
    expect((await api(provider, 'POST', `/api/exchanges/${exchangeId}/done`)).status).toBe(200);
    const paid = await api(app.page, 'POST', `/api/exchanges/${exchangeId}/confirm`, { actualMinutes: 60 });
    expect(paid.body.status).toBe('paid');

    await app.page.goto(`${app.server.baseUrl}/me`);
    const pending = app.page.getByRole('region', { name: /待评价/ });
    await pending.getByText('阳台灯泡更换').waitFor();
    await screenshot(app.page, '80-reviews-pending');
    await pending.getByRole('link', { name: /阳台灯泡更换/ }).click();
    await app.page.getByRole('heading', { name: '评价这次互助' }).waitFor();
  });

  it('lets the recipient give stars, tags and a comment, blind until the other side reviews', async () => {
    const card = app.page.getByRole('region', { name: '评价这次互助' });
    await card.getByRole('button', { name: '提交评价' }).click();
    await card.getByText('请先选择星级').waitFor();
    await card.getByRole('radio', { name: '5 星：非常满意' }).click();
    await card.getByRole('button', { name: '守时' }).click();
    await card.getByRole('button', { name: '专业' }).click();
    await card.getByLabel('说几句（可以不填）').fill('<b>师傅</b>准时到，修得很仔细');
    await screenshot(app.page, '81-review-form');
    await card.getByRole('button', { name: '提交评价' }).click();
    await card.getByText('评价已提交，谢谢！').waitFor();
    await card.getByText('未公开').waitFor();
    await card.getByText('<b>师傅</b>准时到，修得很仔细').waitFor();
    await card.getByRole('button', { name: '修改评价' }).waitFor();
    await screenshot(app.page, '82-review-blind');
  });

  it('shows both reviews once the provider reviews too', async () => {
    await provider.goto(`${app.server.baseUrl}/reviews/exchange/${exchangeId}`);
    const card = provider.getByRole('region', { name: '评价这次互助' });
    await card.getByText(/已经评价了你/).waitFor();
    expect(await card.getByText('准时到，修得很仔细').count()).toBe(0);
    await card.getByRole('radio', { name: '4 星：满意' }).click();
    await card.getByRole('button', { name: '友善' }).click();
    await card.getByRole('button', { name: '提交评价' }).click();
    await card
      .getByText('<b>师傅</b>准时到，修得很仔细')
      .waitFor({ timeout: 10_000 })
      .catch(async (error) => {
        await screenshot(provider, '83-review-both-failed');
        throw error;
      });
    await screenshot(provider, '83-review-both');

    await app.page.reload();
    await app.page.getByRole('region', { name: '评价这次互助' }).getByText('友善').waitFor();
    expect(await app.page.getByRole('button', { name: '修改评价' }).count()).toBe(0);
  });

  it('shows the provider’s credit record with every figure linked to the trust log', async () => {
    // The demo seed may have reviewed these neighbours before: read the figures to expect.
    const { reputation } = (await api(provider, 'GET', `/api/people/${providerId}/credit`)).body;
    const shown = `${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(reputation.rating)} ★`;
    await provider.goto(`${app.server.baseUrl}/people/${providerId}`);
    const card = provider.getByRole('region', { name: /信用记录/ });
    await card.getByText(shown).first().waitFor();
    await card.getByText(`${reputation.count} 条评价`).waitFor();
    await card.getByText('帮助邻居').waitFor();
    await screenshot(provider, '84-credit-record');
    // Another neighbour sees the aggregate only, until the provider shares the record.
    await app.page.goto(`${app.server.baseUrl}/people/${providerId}`);
    const other = app.page.getByRole('region', { name: /信用记录/ });
    await other.getByText(shown).first().waitFor();
    await other.getByText(/没有公开详细信用记录/).waitFor();
    await card
      .getByRole('link', { name: /^第 \d+ 条$/ })
      .first()
      .click();
    await provider.getByRole('heading', { name: /透明日志凭证 #\d+/ }).waitFor();
  });

  it('lets a worker hide a reported review, which leaves the average', async () => {
    await linli('users', 'grant', '--phone', WORKER, '--role', 'worker', '--division', recipientHome);
    const mine = (await api(app.page, 'GET', `/api/reviews/subjects/exchange/${exchangeId}`)).body;
    const before = (await api(app.page, 'GET', `/api/people/${recipientId}/credit`)).body.reputation.count;
    expect(
      (await api(app.page, 'POST', `/api/reviews/${mine.theirs.id}/report`, { reason: '与事实不符' })).status,
    ).toBe(204);
    const worker = await phonePage(app.browser);
    await signIn(worker, WORKER);
    await worker.goto(`${app.server.baseUrl}/console`);
    const queue = worker.getByRole('region', { name: '评价审核' });
    await queue.getByText('与事实不符').waitFor();
    await screenshot(worker, '85-moderation-queue');
    await queue.getByLabel('处理理由（评价人会看到）').fill('经核实评价不实');
    await queue.getByRole('button', { name: '隐藏' }).click();
    await queue.getByText('没有待处理的举报。').waitFor();
    const credit = (await api(app.page, 'GET', `/api/people/${recipientId}/credit`)).body;
    expect(credit.reputation.count).toBe(before - 1);
  });
});
