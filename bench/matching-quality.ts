import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The taxonomy keys of BRIEF.md / the listing_categories seed; the quality set may use no other. */
export const TAXONOMY_KEYS = [
  'plumbing',
  'electrical',
  'appliance_repair',
  'furniture_repair',
  'computer_help',
  'bike_repair',
  'sewing',
  'elderly_care',
  'elderly_companion',
  'child_care',
  'homework_help',
  'pet_care',
  'medical_escort',
  'errands',
  'calligraphy',
  'painting',
  'music',
  'language',
  'dance',
  'cooking_class',
  'smartphone_class',
  'health_check',
  'massage',
  'fitness',
  'mental_support',
  'cleaning',
  'cooking',
  'moving_help',
  'gardening',
  'haircut',
  'book_sharing',
  'tool_lending',
  'toy_sharing',
  'baby_items',
  'sports_gear',
  'kitchenware',
  'clothing',
  'legal_advice',
  'photography',
  'event_help',
  'translation',
] as const;

export type TaxonomyKey = (typeof TAXONOMY_KEYS)[number];
export type ListingKind = 'skill' | 'service' | 'time' | 'item';
export type DayPart = 'morning' | 'afternoon' | 'evening';
/** `day` is 0 (Sunday) … 6 (Saturday), as `Date#getDay`. */
export interface Slot {
  day: number;
  part: DayPart;
}
export type Proximity = 'same_compound' | 'same_community' | 'same_street' | 'district';

export interface QualityOffer {
  id: string;
  kind: ListingKind;
  category: string;
  title: string;
  description: string;
  tags: string[];
  /** How far the offerer is from the residents the needs come from; relevance never depends on it. */
  place: Proximity;
  availability: Slot[];
}

export interface QualityNeed {
  id: string;
  kind: ListingKind;
  /** The category the resident chose, which is sometimes a neighbouring or wrong one on purpose. */
  category: string;
  title: string;
  description: string;
  tags: string[];
  availability: Slot[];
  /** Every offer in the corpus that could genuinely meet this need. */
  relevant: string[];
}

export interface QualitySet {
  offers: QualityOffer[];
  needs: QualityNeed[];
}

export interface NeedResult {
  id: string;
  ranked: string[];
  precisionAt5: number;
  reciprocalRank: number;
}

export interface Evaluation {
  precisionAt5: number;
  mrr: number;
  /** Number of needs evaluated. */
  needs: number;
  /** Share of a need's relevant offers found in the top 5, averaged (P@5 is capped when a need has < 5). */
  recallAt5: number;
  perNeed: NeedResult[];
}

/** Hits among the first `k` ranked ids, divided by `k` (the standard definition, not by |relevant|). */
export function precisionAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (!Number.isInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer, got ${k}`);
  const top = new Set(ranked.slice(0, k));
  let hits = 0;
  for (const id of top) if (relevant.has(id)) hits += 1;
  return hits / k;
}

/** Share of the relevant ids that appear among the first `k`. */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  let hits = 0;
  for (const id of top) if (relevant.has(id)) hits += 1;
  return hits / relevant.size;
}

/** 1 / rank of the first relevant id (ranks start at 1); 0 when none is ranked. */
export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const index = ranked.findIndex((id) => relevant.has(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Ranks the offers for every need with `rank` and averages precision@5, recall@5 and the
 * reciprocal rank over the needs. Needs are ranked one after another so a ranker that hits a
 * database is measured without contention between needs.
 */
export async function evaluate(
  needs: readonly QualityNeed[],
  rank: (need: QualityNeed) => Promise<string[]>,
): Promise<Evaluation> {
  const perNeed: NeedResult[] = [];
  let precisionSum = 0;
  let recallSum = 0;
  let rrSum = 0;
  for (const need of needs) {
    const ranked = await rank(need);
    const relevant = new Set(need.relevant);
    const precisionAt5 = precisionAtK(ranked, relevant, 5);
    const rr = reciprocalRank(ranked, relevant);
    precisionSum += precisionAt5;
    recallSum += recallAtK(ranked, relevant, 5);
    rrSum += rr;
    perNeed.push({ id: need.id, ranked: ranked.slice(0, 10), precisionAt5, reciprocalRank: rr });
  }
  const n = needs.length;
  return {
    precisionAt5: n ? precisionSum / n : 0,
    mrr: n ? rrSum / n : 0,
    needs: n,
    recallAt5: n ? recallSum / n : 0,
    perNeed,
  };
}

/** Distinct character bigrams of the letter/digit runs of `text` (punctuation and spaces split runs). */
export function characterBigrams(text: string): Set<string> {
  const bigrams = new Set<string>();
  for (const run of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) bigrams.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i += 1) bigrams.add(chars[i]! + chars[i + 1]!);
  }
  return bigrams;
}

/**
 * The naive baseline the engine must beat: offers ranked by how many distinct character bigrams
 * of title + description they share with the need. No category, no tags, no segmentation, no
 * place or time; ties broken by id so the result is deterministic. Offers sharing nothing are left out.
 */
export function keywordBaseline(corpus: readonly QualityOffer[]): (need: QualityNeed) => Promise<string[]> {
  const indexed = corpus.map((offer) => ({
    id: offer.id,
    bigrams: characterBigrams(`${offer.title} ${offer.description}`),
  }));
  return async (need) => {
    const query = characterBigrams(`${need.title} ${need.description}`);
    const scored: { id: string; score: number }[] = [];
    for (const offer of indexed) {
      let score = 0;
      for (const bigram of query) if (offer.bigrams.has(bigram)) score += 1;
      if (score > 0) scored.push({ id: offer.id, score });
    }
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return scored.map((s) => s.id);
  };
}

/**
 * Reads `bench/data/matching-quality.json`, from the source tree or from beside the built bench
 * (`dist/node/bench/` → the repository's `bench/data/`).
 */
export function loadQualitySet(path?: string): QualitySet {
  const candidates = path
    ? [path]
    : [
        fileURLToPath(new URL('./data/matching-quality.json', import.meta.url)),
        fileURLToPath(new URL('../../../bench/data/matching-quality.json', import.meta.url)),
      ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`matching quality set not found; looked in ${candidates.join(', ')}`);
  return JSON.parse(readFileSync(found, 'utf8')) as QualitySet;
}

/**
 * Needs filed under a category none of their relevant offers is in: the resident chose a
 * neighbouring or wrong category, so a ranker that trusts the category alone misses them.
 */
export function misfiledNeeds(set: QualitySet): QualityNeed[] {
  const categoryOf = new Map(set.offers.map((offer) => [offer.id, offer.category]));
  return set.needs.filter((need) => !need.relevant.some((id) => categoryOf.get(id) === need.category));
}
