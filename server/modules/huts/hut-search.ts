import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
const segmenter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

const WORD = /[\p{L}\p{N}]/u;
const MAX_TERMS = 64;

const HAN_RUN = /\p{Script=Han}+/gu;

/** Each character and each pair of neighbouring characters of the Chinese runs of a text. */
function grams(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.normalize('NFKC').matchAll(HAN_RUN)) {
    const chars = [...run];
    chars.forEach((ch, i) => {
      out.push(ch);
      if (i + 1 < chars.length) out.push(ch + chars[i + 1]);
    });
  }
  return out;
}

/**
 * Search terms of a text: dictionary words in search mode (so 血压计 also yields 血压), lower-cased
 * Latin words and numbers, and, for titles, each Chinese character and pair of characters (so 锤
 * finds 锤子 and 烤箱 finds 电烤箱 whatever the dictionary made of them). Deterministic; at most 64.
 */
export function termsOf(text: string, { characters = false } = {}): string[] {
  const out = new Set<string>();
  for (const raw of segmenter().cutForSearch(text.normalize('NFKC').toLowerCase(), true)) {
    const word = raw.trim();
    if (!word || !WORD.test(word) || word.length > 20) continue;
    out.add(word);
    if (out.size >= MAX_TERMS) break;
  }
  if (characters) for (const g of grams(text)) if (out.size < MAX_TERMS) out.add(g);
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

/**
 * The character fallback of a query: the pairs of neighbouring characters of its Chinese runs (a
 * run of one: the character), at most 8; all must be in a title for it to match.
 */
export function queryCharacters(q: string): string[] {
  const out = new Set<string>();
  for (const [run] of q.normalize('NFKC').matchAll(HAN_RUN)) {
    const chars = [...run];
    if (chars.length === 1) out.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out].slice(0, 8);
}
