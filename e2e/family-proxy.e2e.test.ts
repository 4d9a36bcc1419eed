import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { journeyTools, phonePage, screenshot, screenshotDir, setupBrowserApp } from './helpers.js';

// Family links (ask, the other side confirms), changing my number, and 代办 in the worker console.
const app = setupBrowserApp();
const { linli, codeFromOutbox, signIn } = journeyTools(app);

/** One card, at full size (a whole phone page is too tall to look at). */
async function cardShot(card: Locator, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  // The sticky app header would cover the card's top once it is scrolled into view.
  await card.screenshot({
    path: join(screenshotDir, `${name}.png`),
    style: '.app-header { position: static !important; }',
  });
}

describe('family links, a new number, and acting for a neighbour without a phone', () => {
  let mother: Page;

  it('asks a relative to link; the other side confirms', async () => {
    await signIn(app.page, '13911110001');
    mother = await phonePage(app.browser);
    await signIn(mother, '13911110002');

    const family = app.page.getByRole('region', { name: '家人' });
    await family.getByLabel('家人的手机号').fill('13911110002');
    await family.getByLabel('对方是我的').selectOption('parent');
    await family.getByRole('button', { name: '发送家人确认请求' }).click();
    await family.getByText(/已发送。/).waitFor();
    await family.getByText('等待对方确认').waitFor();
    await screenshot(app.page, '40-family-asked');

    await mother.reload();
    const theirs = mother.getByRole('region', { name: '家人' });
    await theirs.getByText('请求关联您').waitFor();
    await theirs.getByText(/· 子女/).waitFor();
    await screenshot(mother, '41-family-incoming');
    await cardShot(theirs, '41-family-incoming-card');
    await theirs.getByRole('button', { name: '确认', exact: true }).click();
    await theirs.getByText('已关联').waitFor();
    // The parent side is the guardian: offered the consent a child under 14 would need.
    await theirs.getByRole('button', { name: '作为监护人同意' }).waitFor();

    await app.page.reload();
    await family.getByText('已关联').waitFor();
    await family.getByText(/· 父母/).waitFor();
    await screenshot(app.page, '42-family-linked');
    await cardShot(family, '42-family-linked-card');
  });

  it('changes my number with a code sent to the new one, refusing a number that is taken', async () => {
    const card = app.page.getByRole('region', { name: '更换手机号' });
    await app.page.getByRole('region', { name: /^邻居/ }).getByText('139****0001').waitFor();
    await card.getByLabel('新手机号').fill('13911110002');
    await card.getByRole('button', { name: '获取验证码' }).click();
    await card.getByText(/已经用于另一个账户/).waitFor();
    await card.getByLabel('新手机号').fill('139 1111 0009');
    await card.getByRole('button', { name: '获取验证码' }).click();
    await card.getByText('验证码已发到新号码').waitFor();
    await card.getByLabel('6 位验证码').fill(await codeFromOutbox('13911110009'));
    await card.getByRole('button', { name: '确认更换' }).click();
    await card.getByText('手机号已更换为 139****0009。').waitFor();
    await app.page.getByRole('region', { name: /^邻居/ }).getByText('139****0009').waitFor();
    await screenshot(app.page, '43-phone-changed');
    await cardShot(card, '43-phone-changed-card');
  });

  it('uploads a profile picture, refusing a file that is not an image', async () => {
    const profile = app.page.getByRole('region', { name: '个人资料' });
    const input = profile.getByLabel('上传头像');
    await input.setInputFiles({
      name: 'note.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture'),
    });
    await profile.getByText(/头像须是 JPEG、PNG 或 WebP 图片/).waitFor();
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2e86c1' } })
      .jpeg()
      .toBuffer();
    await input.setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });
    const img = profile.getByRole('img', { name: /的头像$/ });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(256);
    await profile.getByRole('button', { name: '删除头像' }).waitFor();
    await cardShot(profile, '45-avatar');
  });

  it('lets a community worker register a resident without a phone and act for them', async () => {
    await linli('users', 'grant', '--phone', '13711119999', '--role', 'worker', '--division', '440604012045');
    const worker = await phonePage(app.browser);
    await signIn(worker, '13711119999');
    await worker.getByRole('link', { name: '打开社区工作台' }).click();
    const card = worker.getByRole('region', { name: '代办居民（无手机）' });
    await card.getByText('本社区还没有代办居民。').waitFor();
    await card.getByLabel('称呼').fill('陈阿婆');
    await card.getByRole('button', { name: '登记', exact: true }).click();
    await card.getByText(/已登记。/).waitFor();
    const list = card.getByRole('list', { name: '代办居民（无手机）' });
    await list.getByText('陈阿婆', { exact: true }).waitFor();
    await list.getByRole('button', { name: '为陈阿婆代办' }).click();
    await list.getByText('您正在为陈阿婆代办，操作会以您的名义记录。').waitFor();
    await list.getByLabel('能分享的技能').fill('包粽子、织毛衣');
    await list.getByRole('button', { name: '保存资料' }).click();
    await list.getByText('包粽子、织毛衣').waitFor();
    await list.getByLabel('真实姓名').fill('陈桂英');
    await list.getByLabel('居民身份证号码').fill('440604196105050029');
    const submit = list.getByRole('button', { name: '代为提交实名信息' });
    expect(await submit.isDisabled()).toBe(true);
    await list.getByRole('checkbox', { name: /居民本人已当面同意/ }).check();
    await submit.click();
    await list.getByText(/已实名/).waitFor();
    // She now waits in the queue for the card check, like anyone else.
    await worker
      .getByRole('list', { name: '待现场核验' })
      .getByText(/陈阿婆/)
      .waitFor();
    await screenshot(worker, '44-console-acting-for');
    await cardShot(card, '44-console-acting-for-card');
    await worker.close();
  });
});
