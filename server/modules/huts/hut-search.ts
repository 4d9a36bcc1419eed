import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
const segmenter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

const WORD = /[\p{L}\p{N}]/u;
const CJK = /\p{Script=Han}/u;
const MAX_TERMS = 64;

/**
 * Search terms of a text: dictionary words in search mode (so 血压计 also yields 血压), lower-cased
 * Latin words and numbers, and, for titles, each Chinese character (so a one-character query such
 * as 锤 still finds 锤子). Deterministic; at most 64 terms.
 */
export function termsOf(text: string, { characters = false } = {}): string[] {
  const out = new Set<string>();
  for (const raw of segmenter().cutForSearch(text.normalize('NFKC').toLowerCase(), true)) {
    const word = raw.trim();
    if (!word || !WORD.test(word) || word.length > 20) continue;
    out.add(word);
    if (characters) for (const ch of word) if (CJK.test(ch)) out.add(ch);
    if (out.size >= MAX_TERMS) break;
  }
  return [...out].slice(0, MAX_TERMS);
}

/** Terms of a query: the same segmentation, without the per-character expansion; at most 6. */
export function queryTerms(q: string): string[] {
  const terms = termsOf(q);
  // Drop words that are parts of longer query words (search mode yields both 血压 and 血压计).
  const kept = terms.filter((t) => !terms.some((o) => o !== t && o.includes(t)));
  return kept.slice(0, 6);
}

/** Weighted index rows for an item: title terms count more than description terms. */
export function indexTerms(item: {
  title: string;
  description: string;
  category: string;
}): Map<string, number> {
  const weights = new Map<string, number>();
  for (const t of termsOf(item.description).slice(0, 40)) weights.set(t, 1);
  weights.set(item.category, Math.max(weights.get(item.category) ?? 0, 2));
  for (const t of termsOf(item.title, { characters: true })) weights.set(t, 3);
  return weights;
}

/** The distinct Chinese characters of a query (at most 8), for the character fallback. */
export function queryCharacters(q: string): string[] {
  const out = new Set<string>();
  for (const ch of q.normalize('NFKC')) if (CJK.test(ch)) out.add(ch);
  return [...out].slice(0, 8);
}
