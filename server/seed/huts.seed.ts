import type { ItemInput } from '../../common/schemas/huts.js';
import { type Actor, SYSTEM } from '../lib/actor.js';
import type { Random } from '../lib/random.js';
import type { SeedContext, SeedStep } from './seed.js';

/** The programme's own figures: 66 huts in Chancheng, about 13,000 shared items (scale 65). */
const HUT_COUNT = 66;
const ITEMS_PER_SCALE = 200;
const TAPO = '440604012045';
const PEIDE = '440604012013';
const HOURS = {
  '2': [['09:00', '12:00'] as [string, string], ['14:30', '17:30'] as [string, string]],
  '3': [['09:00', '12:00'] as [string, string], ['14:30', '17:30'] as [string, string]],
  '4': [['09:00', '12:00'] as [string, string], ['14:30', '17:30'] as [string, string]],
  '5': [['09:00', '12:00'] as [string, string], ['14:30', '17:30'] as [string, string]],
  '6': [['09:00', '17:00'] as [string, string]],
  '7': [['09:00', '12:00'] as [string, string]],
};

interface Template {
  title: string;
  category: string;
  description: string;
  sanitise?: boolean;
  safety?: boolean;
  deposit?: number;
  pooled?: { stock: number; consumable?: boolean };
}

const TEMPLATES: Template[] = [
  { title: '冲击钻', category: 'tools', description: '家用冲击钻，配钻头一套', safety: true, deposit: 20 },
  { title: '工具箱', category: 'tools', description: '锤子、螺丝刀、扳手、卷尺' },
  { title: '人字梯', category: 'tools', description: '铝合金折叠梯，1.5 米' },
  { title: '羊角锤', category: 'tools', description: '木柄羊角锤' },
  { title: '电动螺丝刀', category: 'tools', description: '充电式，带多种批头', safety: true },
  { title: '婴儿推车', category: 'baby', description: '可折叠，适合 0-3 岁' },
  { title: '儿童安全座椅', category: 'baby', description: '9-36 公斤适用' },
  { title: '积木玩具', category: 'toys', description: '大颗粒积木，已消毒' },
  { title: '儿童绘本', category: 'books', description: '适合 3-6 岁的图画书' },
  { title: '小说', category: 'books', description: '邻居捐赠的小说' },
  { title: '电子血压计', category: 'medical', description: '上臂式，每次归还后消毒', sanitise: true },
  { title: '血糖仪', category: 'medical', description: '含采血笔，试纸自备', sanitise: true },
  { title: '轮椅', category: 'mobility', description: '可折叠手动轮椅', sanitise: true, deposit: 50 },
  { title: '拐杖', category: 'mobility', description: '铝合金可调节拐杖', sanitise: true },
  { title: '电烤箱', category: 'kitchen', description: '32 升家用烤箱' },
  { title: '电饭煲', category: 'kitchen', description: '5 升，适合聚餐' },
  { title: '折叠桌', category: 'household', description: '活动用折叠桌' },
  { title: '雨伞', category: 'household', description: '爱心雨伞，借用后请归还', pooled: { stock: 20 } },
  {
    title: 'A4 打印纸',
    category: 'paper',
    description: '一包 500 张，取用即可',
    pooled: { stock: 30, consumable: true },
  },
  {
    title: '儿童衣物',
    category: 'clothes',
    description: '洗净的儿童衣物，按需取用',
    pooled: { stock: 40, consumable: true },
  },
];
const VARIANTS = ['', '（大号）', '（小号）', '（新款）', '（蓝色）', '（红色）', '（二号）', '（备用）'];

function itemOf(t: Template, random: Random, title = t.title): ItemInput {
  return {
    title,
    category: t.category,
    description: t.description,
    condition: random.pick(['new', 'good', 'good', 'fair'] as const),
    sanitiseAfterReturn: !!t.sanitise,
    safetyCheck: !!t.safety,
    ...(t.deposit ? { depositPoints: t.deposit } : {}),
    ...(t.pooled
      ? { pooled: true, units: 0, stock: t.pooled.stock, consumable: !!t.pooled.consumable }
      : { units: random.int(1, 2) }),
  };
}

const find = (title: string) => TEMPLATES.find((t) => t.title === title)!;

/** A hut of a community by name, opened if missing; `created` says whether it is new. */
async function hutOf(ctx: SeedContext, community: string, name: string, address: string) {
  const existing = (await ctx.services.huts.huts(SYSTEM, community)).find((h) => h.name === name);
  if (existing) return { id: existing.id, created: false };
  const hut = await ctx.services.huts.createHut(SYSTEM, {
    communityCode: community,
    name,
    address,
    hours: HOURS,
  });
  return { id: hut.id, created: true };
}

async function resident(ctx: SeedContext, phone: string, nickname: string, home: string, compoundId: string) {
  const { accountId } = await ctx.services.accounts.ensureAccount(SYSTEM, phone);
  const actor: Actor = { kind: 'person', accountId, grants: [] };
  await ctx.services.privacy.updateProfile(actor, { nickname, homeDivision: home, compoundId });
  return actor;
}

/** What the programme reported: 塔坡社区's hut, 培德社区's donated medical aids, a toolbox lent in 华强小区. */
async function demo(ctx: SeedContext): Promise<number> {
  const communities = new Set(
    (await ctx.services.divisions.communitiesUnder('440604012')).map((c) => c.code),
  );
  let created = 0;
  if (communities.has(TAPO)) {
    const hut = await hutOf(ctx, TAPO, '塔坡社区共享小屋', '塔坡社区居委会一楼');
    if (hut.created) {
      created += 1;
      await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13800000002', 'hut_keeper', TAPO);
      const items = [
        { ...itemOf(find('积木玩具'), ctx.random), units: 3 },
        { ...itemOf(find('儿童绘本'), ctx.random), units: 4 },
        itemOf(find('A4 打印纸'), ctx.random),
        itemOf(find('儿童衣物'), ctx.random),
        { ...itemOf(find('电烤箱'), ctx.random), units: 1 },
        { ...itemOf(find('工具箱'), ctx.random), units: 2 },
        { ...itemOf(find('冲击钻'), ctx.random), units: 1 },
      ];
      created += await ctx.services.huts.addItemsBulk(SYSTEM, hut.id, items);
      // 华强小区: a resident lends their own toolbox to a new neighbour (一借一还).
      const compounds = await ctx.services.compounds.list(TAPO);
      const compoundId =
        compounds.find((c) => c.name === '华强小区')?.id ??
        (await ctx.services.compounds.createCompound(SYSTEM, TAPO, '华强小区')).id;
      const lender = await resident(ctx, '19800000001', '热心陈叔', TAPO, compoundId);
      const newcomer = await resident(ctx, '19800000002', '新邻居小林', TAPO, compoundId);
      const box = await ctx.services.huts.offerItem(lender, hut.id, {
        title: '家用工具箱',
        category: 'tools',
        description: '陈叔自家的工具箱：锤子、螺丝刀、扳手、电笔，借用请爱惜',
        condition: 'good',
        accessories: ['锤子', '螺丝刀', '扳手', '电笔'],
      });
      const loan = await ctx.services.huts.requestLoan(newcomer, box.id, {
        returnBy: Date.now() + 3 * 86_400_000,
        note: '刚搬来，想装几个柜子',
      });
      await ctx.services.huts.acceptLoan(lender, loan.id);
      await ctx.services.huts.confirmHandover(lender, loan.id, { condition: 'good' });
      await ctx.services.huts.confirmHandover(newcomer, loan.id, { condition: 'good' });
      created += 2;
    }
  }
  if (communities.has(PEIDE)) {
    const hut = await hutOf(ctx, PEIDE, '培德社区共享小屋', '培德社区党群服务中心');
    if (hut.created) {
      created += 1;
      await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13800000003', 'hut_keeper', PEIDE);
      const donor = await ctx.services.accounts.ensureAccount(SYSTEM, '19800000003');
      await ctx.services.privacy.updateProfile(
        { kind: 'person', accountId: donor.accountId, grants: [] },
        { nickname: '爱心街坊', homeDivision: PEIDE },
      );
      const donated = { donorId: donor.accountId, donorNote: '街坊捐赠，感谢爱心' };
      created += await ctx.services.huts.addItemsBulk(SYSTEM, hut.id, [
        { ...itemOf(find('电子血压计'), ctx.random), units: 4, ...donated },
        { ...itemOf(find('血糖仪'), ctx.random), units: 3, ...donated },
        { ...itemOf(find('轮椅'), ctx.random), units: 2, ...donated },
        { ...itemOf(find('拐杖'), ctx.random), units: 6, ...donated },
      ]);
    }
  }
  return created;
}

/**
 * Sharing huts: the demo huts the programme reported (when 祖庙街道 is imported), then one hut in
 * each of up to 66 communities with 200 × scale items spread over them (scale 65 ≈ the
 * programme's 13,000). A hut and its items are made in one go, so a hut that exists is complete
 * and seeding again adds nothing.
 */
export const hutsStep: SeedStep = {
  name: 'huts',
  async run(ctx: SeedContext) {
    let created = await demo(ctx);
    const communities: { code: string; name: string }[] = [];
    for (const area of ctx.areas) communities.push(...(await ctx.services.divisions.communitiesUnder(area)));
    const chosen = communities.filter((c) => c.code !== TAPO && c.code !== PEIDE).slice(0, HUT_COUNT);
    if (chosen.length === 0) return { created };
    const total = Math.round(ITEMS_PER_SCALE * ctx.scale);
    for (const [i, community] of chosen.entries()) {
      ctx.onProgress(i + 1, chosen.length, 'huts');
      // Every value is drawn even for existing huts, so the sequence (and the data) is stable.
      const count = Math.floor(total / chosen.length) + (i < total % chosen.length ? 1 : 0);
      const items: ItemInput[] = [];
      for (let k = 0; k < count; k++) {
        const t = ctx.random.pick(TEMPLATES);
        items.push(itemOf(t, ctx.random, `${t.title}${ctx.random.pick(VARIANTS)}`));
      }
      const hut = await hutOf(ctx, community.code, `${community.name}共享小屋`, `${community.name}居委会`);
      if (!hut.created) continue;
      created += 1;
      for (let k = 0; k < items.length; k += 500)
        created += await ctx.services.huts.addItemsBulk(SYSTEM, hut.id, items.slice(k, k + 500));
    }
    if (created > 0) await ctx.services.huts.afterBulkLoad(SYSTEM);
    return { created };
  },
};
