import { describe, expect, it } from 'vitest';
import { PRIOR_COUNT, PRIOR_MEAN } from '../../../common/schemas/reviews.js';
import { bayesianRating, meanRating, rankingRating } from './reputation.js';
import { canEdit, canReport, counterpartIn, seesDetailedRecord } from './reviews.policy.js';

describe('the Bayesian average', () => {
  it('pulls few reviews towards the prior, so one 5★ does not beat forty 4.8★', () => {
    const one = bayesianRating(5, 1)!;
    const forty = bayesianRating(40 * 4.8, 40)!;
    expect(one).toBeCloseTo((PRIOR_COUNT * PRIOR_MEAN + 5) / (PRIOR_COUNT + 1), 2);
    expect(forty).toBeCloseTo((PRIOR_COUNT * PRIOR_MEAN + 192) / (PRIOR_COUNT + 40), 2);
    expect(forty).toBeGreaterThan(one);
  });

  it('approaches the plain mean as reviews accumulate and stays within the stars', () => {
    expect(bayesianRating(1000 * 3, 1000)!).toBeCloseTo(3, 1);
    expect(bayesianRating(1, 1)!).toBeGreaterThanOrEqual(1);
    expect(bayesianRating(500, 100)!).toBeLessThanOrEqual(5);
  });

  it('is null without reviews; ranking treats a newcomer as the prior, not the bottom', () => {
    expect(bayesianRating(0, 0)).toBeNull();
    expect(meanRating(0, 0)).toBeNull();
    expect(meanRating(9, 2)).toBe(4.5);
    expect(rankingRating(null)).toBe(PRIOR_MEAN);
    expect(rankingRating(3.2)).toBe(3.2);
  });

  it('accepts another prior', () => {
    expect(bayesianRating(5, 1, 3, 1)).toBe(4);
  });
});

describe('the reviews policy', () => {
  const review = { reviewerId: 'a', revieweeId: 'b', editableUntil: 1000, publishedAt: null, hiddenAt: null };
  it('knows the two participants only', () => {
    const w = { partyA: 'a', partyB: 'b', closesAt: 0 };
    expect(counterpartIn(w, 'a')).toBe('b');
    expect(counterpartIn(w, 'b')).toBe('a');
    expect(counterpartIn(w, 'c')).toBeNull();
  });
  it('lets the author edit while blind and in time', () => {
    expect(canEdit('a', review, 999)).toBe(true);
    expect(canEdit('a', review, 1000)).toBe(false);
    expect(canEdit('b', review, 0)).toBe(false);
    expect(canEdit('a', { ...review, publishedAt: 1 }, 0)).toBe(false);
  });
  it('reports published, visible reviews of others only', () => {
    expect(canReport('b', review)).toBe(false);
    expect(canReport('b', { ...review, publishedAt: 1 })).toBe(true);
    expect(canReport('a', { ...review, publishedAt: 1 })).toBe(false);
    expect(canReport('b', { ...review, publishedAt: 1, hiddenAt: 2 })).toBe(false);
  });
  it('shows the detailed record to the person or with consent', () => {
    expect(seesDetailedRecord('a', 'a', false)).toBe(true);
    expect(seesDetailedRecord('b', 'a', false)).toBe(false);
    expect(seesDetailedRecord('b', 'a', true)).toBe(true);
  });
});
