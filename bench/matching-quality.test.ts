import { describe, expect, it } from 'vitest';
import {
  DAY_PARTS,
  DESCRIPTION_MAX,
  LISTING_KINDS,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
} from '../common/schemas/listings.js';
import {
  characterBigrams,
  evaluate,
  keywordBaseline,
  loadQualitySet,
  misfiledNeeds,
  precisionAtK,
  type QualityNeed,
  type QualityOffer,
  recallAtK,
  reciprocalRank,
  TAXONOMY_KEYS,
} from './matching-quality.js';

const need = (id: string, relevant: string[], title = '', description = ''): QualityNeed => ({
  id,
  kind: 'service',
  category: 'plumbing',
  title,
  description,
  tags: [],
  availability: [],
  relevant,
});
const offer = (id: string, title: string, description = ''): QualityOffer => ({
  id,
  kind: 'skill',
  category: 'plumbing',
  title,
  description,
  tags: [],
  place: 'district',
  availability: [],
});

describe('precisionAtK', () => {
  it('counts hits in the first k and divides by k', () => {
    const relevant = new Set(['a', 'c', 'x']);
    expect(precisionAtK(['a', 'b', 'c', 'd', 'e', 'x'], relevant, 5)).toBe(2 / 5);
    expect(precisionAtK(['a', 'b', 'c', 'd', 'e', 'x'], relevant, 1)).toBe(1);
    expect(precisionAtK(['b', 'a'], relevant, 1)).toBe(0);
  });

  it('treats a short ranking as misses and ignores duplicates', () => {
    expect(precisionAtK(['a'], new Set(['a']), 5)).toBe(1 / 5);
    expect(precisionAtK(['a', 'a', 'a'], new Set(['a']), 3)).toBe(1 / 3);
    expect(precisionAtK([], new Set(['a']), 5)).toBe(0);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => precisionAtK(['a'], new Set(['a']), 0)).toThrow(RangeError);
    expect(() => precisionAtK(['a'], new Set(['a']), 2.5)).toThrow(RangeError);
  });
});

describe('recallAtK', () => {
  it('is the share of relevant ids found in the first k', () => {
    expect(recallAtK(['a', 'b', 'c'], new Set(['a', 'c', 'z', 'y']), 2)).toBe(1 / 4);
    expect(recallAtK(['a', 'b', 'c'], new Set(['a', 'c']), 5)).toBe(1);
    expect(recallAtK(['a'], new Set(), 5)).toBe(0);
  });
});

describe('reciprocalRank', () => {
  it('is one over the rank of the first relevant id', () => {
    expect(reciprocalRank(['a', 'b'], new Set(['a']))).toBe(1);
    expect(reciprocalRank(['b', 'c', 'a', 'd'], new Set(['a', 'd']))).toBe(1 / 3);
    expect(reciprocalRank(['b', 'c'], new Set(['a']))).toBe(0);
    expect(reciprocalRank([], new Set(['a']))).toBe(0);
  });
});

describe('evaluate', () => {
  it('averages precision@5 and reciprocal rank over the needs (hand-computed)', async () => {
    // n1: hits at ranks 1 and 3 → P@5 = 2/5, RR = 1.
    // n2: first hit at rank 4 → P@5 = 1/5, RR = 1/4.
    // n3: nothing relevant ranked → P@5 = 0, RR = 0.
    const rankings: Record<string, string[]> = {
      n1: ['o1', 'o9', 'o2', 'o8', 'o7', 'o3'],
      n2: ['o5', 'o6', 'o7', 'o4'],
      n3: ['o1'],
    };
    const needs = [need('n1', ['o1', 'o2', 'o3']), need('n2', ['o4']), need('n3', ['o2'])];
    const result = await evaluate(needs, async (n) => rankings[n.id]!);
    expect(result.needs).toBe(3);
    expect(result.precisionAt5).toBeCloseTo((2 / 5 + 1 / 5 + 0) / 3, 12);
    expect(result.mrr).toBeCloseTo((1 + 1 / 4 + 0) / 3, 12);
    expect(result.recallAt5).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
    expect(result.perNeed.map((r) => r.reciprocalRank)).toEqual([1, 1 / 4, 0]);
  });

  it('gives zeros for no needs instead of NaN', async () => {
    const result = await evaluate([], async () => []);
    expect(result).toMatchObject({ precisionAt5: 0, mrr: 0, needs: 0 });
  });
});

describe('keywordBaseline', () => {
  it('splits on punctuation and keeps single characters', () => {
    expect([...characterBigrams('修空调，Wi')].sort()).toEqual(['wi', '修空', '空调'].sort());
    expect([...characterBigrams('猫')]).toEqual(['猫']);
  });

  it('ranks by shared character bigrams, ties by id, and drops offers sharing nothing', async () => {
    const corpus = [
      offer('o3', '修空调', '空调加氟'),
      offer('o1', '钢琴课'),
      offer('o2', '空调清洗'),
      offer('o4', '修电饭煲'),
    ];
    const rank = keywordBaseline(corpus);
    // need bigrams: 空调, 调不, 不制, 制冷 → o3 shares 空调 (1), o2 shares 空调 (1): tie → id order.
    expect(await rank(need('n', [], '空调不制冷'))).toEqual(['o2', 'o3']);
    // 修空 + 空调 → o3 (2) before o2 (1); 修电 is not in 修空调.
    expect(await rank(need('n', [], '修空调'))).toEqual(['o3', 'o2']);
  });
});

describe('the labelled quality set (bench/data/matching-quality.json)', () => {
  const set = loadQualitySet();
  const keys = new Set<string>(TAXONOMY_KEYS);
  const offerIds = new Set(set.offers.map((o) => o.id));
  const kinds = new Set<string>(LISTING_KINDS);
  const places = new Set(['same_compound', 'same_community', 'same_street', 'district']);
  const parts = new Set<string>(DAY_PARTS);

  it('has 300–400 offers and at least 200 needs, with unique ids', () => {
    expect(set.offers.length).toBeGreaterThanOrEqual(300);
    expect(set.offers.length).toBeLessThanOrEqual(400);
    expect(set.needs.length).toBeGreaterThanOrEqual(200);
    expect(offerIds.size).toBe(set.offers.length);
    expect(new Set(set.needs.map((n) => n.id)).size).toBe(set.needs.length);
  });

  it('uses only taxonomy keys, kinds, places and day parts from the contract', () => {
    const bad = [...set.offers, ...set.needs].filter(
      (l) =>
        !keys.has(l.category) ||
        !kinds.has(l.kind) ||
        !l.title.trim() ||
        !l.description.trim() ||
        l.availability.some((s) => !Number.isInteger(s.day) || s.day < 0 || s.day > 6 || !parts.has(s.part)),
    );
    expect(bad.map((l) => l.id)).toEqual([]);
    expect(set.offers.filter((o) => !places.has(o.place)).map((o) => o.id)).toEqual([]);
  });

  it('gives every need at least one relevant offer, all of which exist, without repeats', () => {
    for (const n of set.needs) {
      expect(n.relevant.length, n.id).toBeGreaterThanOrEqual(1);
      expect(new Set(n.relevant).size, n.id).toBe(n.relevant.length);
      expect(
        n.relevant.filter((id) => !offerIds.has(id)),
        n.id,
      ).toEqual([]);
    }
  });

  it('covers every taxonomy key at least twice among offers and among needs', () => {
    const count = (xs: { category: string }[]) =>
      xs.reduce((m, x) => m.set(x.category, (m.get(x.category) ?? 0) + 1), new Map<string, number>());
    const offers = count(set.offers);
    const needs = count(set.needs);
    expect(TAXONOMY_KEYS.filter((k) => (offers.get(k) ?? 0) < 2)).toEqual([]);
    expect(TAXONOMY_KEYS.filter((k) => (needs.get(k) ?? 0) < 2)).toEqual([]);
  });

  it('files roughly a quarter of the needs under a category none of their offers has', () => {
    const share = misfiledNeeds(set).length / set.needs.length;
    expect(share).toBeGreaterThanOrEqual(0.2);
    expect(share).toBeLessThanOrEqual(0.35);
  });

  it('fits the listing contract, so an engine can seed it through CreateListingSchema', () => {
    const bad = [...set.offers, ...set.needs].filter(
      (l) =>
        l.title.length > TITLE_MAX ||
        l.description.length > DESCRIPTION_MAX ||
        l.tags.length > TAGS_MAX ||
        l.tags.some((t) => !t.trim() || t.length > TAG_MAX) ||
        new Set(l.availability.map((s) => `${s.day}${s.part}`)).size !== l.availability.length,
    );
    expect(bad.map((l) => l.id)).toEqual([]);
  });

  it('spreads offers over every proximity band', () => {
    for (const place of places)
      expect(
        set.offers.some((o) => o.place === place),
        place,
      ).toBe(true);
  });
});
