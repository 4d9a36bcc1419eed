import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../server/lib/paths.js';
import { screenshot, setupBrowserApp } from './helpers.js';

const run = promisify(execFile);
const app = setupBrowserApp();

/** Reads the code the way a developer would: `linli sms outbox`. */
async function codeFromOutbox(phone: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, 'bin/linli.mjs'), 'sms', 'outbox', '--phone', phone, '--limit', '1'],
    {
      env: { ...process.env, LINLI_DATA_DIR: app.server.dataDir, DATABASE_URL: '' },
    },
  );
  return /验证码是 (\d{6})/.exec(stdout)![1]!;
}

describe('signing in and my account', () => {
  it('signs up with a phone number and an SMS code', async () => {
    await app.page.goto(`${app.server.baseUrl}/me`);
    await app.page.getByRole('link', { name: '登录 / 注册' }).click();
    await app.page.getByRole('heading', { name: '登录 / 注册', level: 1 }).waitFor();
    await app.page.getByLabel('手机号').fill('139 0000 1234');
    await app.page.getByRole('button', { name: '获取验证码' }).click();
    await app.page.getByText('验证码已发送').waitFor();
    await app.page.getByRole('button', { name: /秒后可重新获取/ }).waitFor();
    await screenshot(app.page, '20-sign-in');
    await app.page.getByLabel('6 位验证码').fill(await codeFromOutbox('13900001234'));
    await app.page.getByRole('button', { name: '登录', exact: true }).click();
    await app.page.getByRole('heading', { name: '我的', level: 1 }).waitFor();
    await app.page.getByText('139****1234').waitFor();
    await app.page.getByText('手机号已验证').first().waitFor();
  });

  it('registers this browser’s co-signing key and is told about the log records that name me', async () => {
    await app.page.getByRole('button', { name: '登记本设备' }).click();
    await app.page.getByText('本设备已登记，可以共同签名。').waitFor();
    await app.page.reload();
    await app.page.getByText('本设备已登记，可以共同签名。').waitFor();
    await app.page.getByText(/透明日志新增了与您有关的记录：账户创建/).waitFor();
    await app.page.getByText(/透明日志新增了与您有关的记录：登记设备密钥/).waitFor();
    await app.page.getByText('2 条未读').waitFor();
    await screenshot(app.page, '21-me-signed-in');
    await app.page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => app.page.getByText('2 条未读').count()).toBe(0);
  });

  it('chooses a home community and gives a real name with separate consent', async () => {
    await app.page.getByLabel('搜索并选择您的社区').fill('塔坡');
    await app.page
      .getByRole('list', { name: '可选的社区' })
      .getByRole('button', { name: '选择' })
      .first()
      .click();
    await expect.poll(() => app.page.getByLabel('搜索并选择您的社区').inputValue()).toBe('');
    await app.page.getByText('塔坡社区', { exact: true }).waitFor();
    await app.page.getByLabel('真实姓名').fill('王小明');
    await app.page.getByLabel('居民身份证号码').fill('110105194912310021');
    const submit = app.page.getByRole('button', { name: '提交实名信息' });
    expect(await submit.isDisabled()).toBe(true);
    await app.page.getByRole('checkbox', { name: /我同意邻里为实名认证处理我的身份证号码/ }).check();
    await submit.click();
    await app.page.getByText(/身份证号码不正确（check_digit）/).waitFor();
    await app.page.getByLabel('居民身份证号码').fill('11010519491231002x');
    await submit.click();
    await app.page.getByText('已实名。请带身份证到社区').waitFor();
    await app.page.getByLabel('我能分享的技能').fill('理发、修电脑');
    await app.page.getByRole('checkbox', { name: '周六 上午' }).check();
    await app.page.getByRole('button', { name: '保存技能和时间' }).click();
    await app.page.getByText('已保存。').first().waitFor();
    await screenshot(app.page, '23-real-name');
  });

  it('lets the community worker see the queue, view the number with a reason, and confirm in person', async () => {
    await run(
      process.execPath,
      [
        join(projectRoot, 'bin/linli.mjs'),
        'users',
        'grant',
        '--phone',
        '13700009999',
        '--role',
        'worker',
        '--division',
        '440604012045',
      ],
      {
        env: { ...process.env, LINLI_DATA_DIR: app.server.dataDir, DATABASE_URL: '' },
      },
    );
    const staff = await (
      await app.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
    ).newPage();
    await staff.goto(`${app.server.baseUrl}/sign-in`);
    await staff.getByLabel('手机号').fill('13700009999');
    await staff.getByRole('button', { name: '获取验证码' }).click();
    await staff.getByText('验证码已发送').waitFor();
    await staff.getByLabel('6 位验证码').fill(await codeFromOutbox('13700009999'));
    await staff.getByRole('button', { name: '登录', exact: true }).click();
    await staff.getByRole('link', { name: '打开社区工作台' }).click();
    const queue = staff.getByRole('list', { name: '待现场核验' });
    await queue.getByText(/王\*\*/).waitFor();
    await queue.getByText(/110\*{11}002X · 139\*\*\*\*1234/).waitFor();
    expect(await queue.getByRole('button', { name: '查看手机号' }).isDisabled()).toBe(true);
    await staff.getByLabel('查看完整信息的原因').fill('上门服务需要联系');
    await queue.getByRole('button', { name: '查看手机号' }).click();
    await queue.getByText(/13900001234/).waitFor();
    await screenshot(staff, '24-console');
    await queue.getByRole('button', { name: '已核验身份证' }).click();
    await staff.getByText('目前没有待核验的居民。').waitFor();
    const compounds = staff.getByRole('region', { name: '小区和楼栋' });
    await compounds.getByLabel('新小区名称').fill('塔坡花园');
    await compounds.getByRole('button', { name: '添加' }).last().click();
    await compounds.getByLabel('为塔坡花园添加楼栋').fill('3 栋');
    await compounds
      .getByRole('listitem')
      .filter({ hasText: '塔坡花园' })
      .getByRole('button', { name: '添加' })
      .click();
    await compounds.getByText('3 栋').waitFor();
    await staff.close();

    await app.page.reload();
    await app.page.getByText('已现场核验').first().waitFor();
    await app.page.getByText(/查看了您的手机号/).waitFor();
    await app.page.getByText(/原因: 上门服务需要联系/).waitFor();
    await screenshot(app.page, '25-verified-and-access-log');
    await app.page.getByLabel('小区', { exact: true }).selectOption({ label: '塔坡花园' });
    await app.page.getByLabel('楼栋').selectOption({ label: '3 栋' });
    await app.page.getByLabel('单元 / 房号').fill('2-301');
    await app.page.getByRole('button', { name: '保存住址' }).click();
    await app.page.getByText('已保存。').waitFor();
  });

  it('refuses a wrong code plainly', async () => {
    await app.page.getByRole('button', { name: '退出登录' }).click();
    await app.page.getByRole('link', { name: '登录 / 注册' }).waitFor();
    await app.page.getByRole('link', { name: '登录 / 注册' }).click();
    await app.page.getByLabel('手机号').fill('13900005678');
    await app.page.getByRole('button', { name: '获取验证码' }).click();
    await app.page.getByText('验证码已发送').waitFor();
    const right = await codeFromOutbox('13900005678');
    await app.page.getByLabel('6 位验证码').fill(right === '000000' ? '111111' : '000000');
    await app.page.getByRole('button', { name: '登录', exact: true }).click();
    await app.page.getByText('验证码不对，请核对后再输入。').waitFor();
    await screenshot(app.page, '22-wrong-code');
  });

  it('lets the demo district admin grant a worker role from the console', async () => {
    const admin = await (
      await app.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
    ).newPage();
    await admin.goto(`${app.server.baseUrl}/sign-in`);
    await admin.getByLabel('手机号').fill('13800000000');
    await admin.getByRole('button', { name: '获取验证码' }).click();
    await admin.getByText('验证码已发送').waitFor();
    await admin.getByLabel('6 位验证码').fill(await codeFromOutbox('13800000000'));
    await admin.getByRole('button', { name: '登录', exact: true }).click();
    await admin.getByText('区管理员').first().waitFor();
    await admin.getByRole('link', { name: '打开社区工作台' }).click();
    const card = admin.getByRole('region', { name: '角色授权' });
    await card.getByLabel('手机号', { exact: true }).fill('13600006666');
    await card.getByLabel('角色', { exact: true }).selectOption('hut_keeper');
    await card.getByLabel('授权的行政区划代码（12 位）').fill('440604012045');
    // The demo huts already have keepers: one more is listed.
    const keepers = card.getByRole('list').getByText(/共享小屋管理员/);
    await card.getByRole('list').first().waitFor();
    const before = await keepers.count();
    await card.getByRole('button', { name: '授予角色' }).click();
    await expect.poll(() => keepers.count()).toBe(before + 1);
    await screenshot(admin, '26-grants');
    await admin.close();
  });
});
