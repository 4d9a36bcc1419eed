import { AppError } from '../errors.js';
import { SYSTEM } from '../lib/actor.js';
import type { Random } from '../lib/random.js';
import type { SeedContext, SeedStep } from './seed.js';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '梁',
  '冯',
  '邓',
  '潘',
  '钟',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '慧',
  '建国',
  '淑珍',
  '桂芳',
  '志强',
  '嘉怡',
  '子轩',
  '梓涵',
  '浩然',
];
const NICK = ['热心', '阳光', '勤快', '乐呵', '爱书', '巧手', '老街坊', '新邻居'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A checksum-valid GB 11643 number for a synthetic person (area code of their district). */
export function syntheticResidentId(random: Random, districtCode: string): string {
  const year = random.int(1935, 2005);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  const body = `${districtCode}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(random.int(1, 999)).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

/**
 * Demo residents spread over the imported communities: synthetic names, numbers in the reserved
 * 19900000000 range and checksum-valid ID numbers; about half give their real name and some of
 * those were seen in person. Idempotent: a number that has an account is skipped.
 */
export const residentsStep: SeedStep = {
  name: 'residents',
  async run(ctx: SeedContext) {
    const communities: string[] = [];
    for (const area of ctx.areas) {
      const queue = [area];
      while (queue.length) {
        const children = await ctx.services.divisions.children(SYSTEM, queue.shift()!);
        for (const c of children.items) (c.level === 'community' ? communities : queue).push(c.code);
      }
    }
    if (communities.length === 0) return { created: 0 };
    const total = 40 * ctx.scale;
    let created = 0;
    for (let i = 0; i < total; i++) {
      // Draw every value even for existing people, so the sequence (and so the data) is stable.
      const home = ctx.random.pick(communities);
      const name = ctx.random.pick(SURNAMES) + ctx.random.pick(GIVEN);
      const nickname = `${ctx.random.pick(NICK)}${name[0]}`;
      const residentId = syntheticResidentId(ctx.random, home.slice(0, 6));
      const verify = ctx.random.chance(0.5);
      const phone = `199${String(i).padStart(8, '0')}`;
      const { accountId, created: isNew } = await ctx.services.accounts.ensureAccount(SYSTEM, phone);
      ctx.onProgress(i + 1, total, 'residents');
      if (!isNew) continue;
      created++;
      const person = { kind: 'person' as const, accountId, grants: [] };
      await ctx.services.privacy.updateProfile(person, { nickname, homeDivision: home });
      if (verify) {
        // Two synthetic people can draw the same number; the second simply stays phone-verified.
        await ctx.services.privacy
          .submitRealName(person, { realName: name, residentId, consentSensitive: true })
          .catch((error: unknown) => {
            if (!(error instanceof AppError && error.code === 'resident_id_taken')) throw error;
          });
      }
    }
    return { created };
  },
};
