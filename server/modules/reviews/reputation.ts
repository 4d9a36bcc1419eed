import { PRIOR_COUNT, PRIOR_MEAN } from '../../../common/schemas/reviews.js';

/**
 * The Bayesian average of a person's ratings: their `count` reviews (summing to `sum` stars)
 * pulled towards a prior of `priorCount` reviews at `priorMean`, so one 5★ review does not beat
 * forty 4.8★ ones, and a newcomer starts at the prior rather than at the bottom. Null without
 * reviews (the reader decides what a newcomer shows; matching uses the prior).
 */
export function bayesianRating(
  sum: number,
  count: number,
  priorMean: number = PRIOR_MEAN,
  priorCount: number = PRIOR_COUNT,
): number | null {
  if (count <= 0) return null;
  return round2((priorCount * priorMean + sum) / (priorCount + count));
}

/** The plain mean, two decimals; null without reviews. */
export function meanRating(sum: number, count: number): number | null {
  return count > 0 ? round2(sum / count) : null;
}

/** A rating for ranking: the Bayesian average, or the prior for someone not yet reviewed. */
export function rankingRating(rating: number | null): number {
  return rating ?? PRIOR_MEAN;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
