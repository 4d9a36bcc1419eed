import type { ReviewTag } from '../../common/schemas/reviews.js';
import { AppError } from '../errors.js';
import type { Actor } from '../lib/actor.js';
import type { SeedContext, SeedStep } from './seed.js';

const STARS = [5, 5, 4, 5, 3, 5, 4, 5, 2, 5];
const TAGS: ReviewTag[][] = [
  ['punctual', 'skilled'],
  ['warm', 'patient'],
  ['friendly'],
  ['careful', 'reliable'],
  [],
];
const COMMENTS = [
  '准时到，修得很仔细，谢谢！',
  '很热心的邻居',
  '',
  '沟通很顺畅，下次还找您',
  '有点晚到，但活干得不错',
];

const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

/**
 * Reviews of the seeded exchanges that ended (paid or resolved), made through the reviews
 * service: most pairs review each other (published at once), every third one only one side
 * (still blind, so the demo shows both). A window that already has a review is left alone, so
 * seeding again changes nothing.
 */
export const reviewsStep: SeedStep = {
  name: 'reviews',
  async run(ctx: SeedContext) {
    const windows = await ctx.db.kysely
      .selectFrom('review_windows as w')
      .select(['w.subject_kind', 'w.subject_id', 'w.party_a', 'w.party_b'])
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('reviews as r').select('r.id').whereRef('r.window_id', '=', 'w.id'))),
      )
      .orderBy('w.id')
      .execute();
    let created = 0;
    for (const [i, w] of windows.entries()) {
      ctx.onProgress(i + 1, windows.length, 'reviews');
      const kind = w.subject_kind as 'exchange';
      const sides = i % 3 === 2 ? [w.party_a] : [w.party_a, w.party_b];
      for (const [j, reviewer] of sides.entries()) {
        const k = i * 2 + j;
        try {
          await ctx.services.reviews.submit(person(reviewer), kind, w.subject_id, {
            stars: STARS[k % STARS.length]!,
            tags: TAGS[k % TAGS.length]!,
            comment: COMMENTS[k % COMMENTS.length]!,
          });
          created++;
        } catch (error) {
          // The daily limit of a busy demo neighbour: leave the rest for them to do.
          if (!(error instanceof AppError)) throw error;
        }
      }
    }
    return { created };
  },
};
