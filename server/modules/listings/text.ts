import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { pinyin } from 'pinyin-pro';
import { DEFAULT_CATEGORIES, EXTRA_WORDS, SYNONYMS } from './taxonomy.js';

// The dictionary ships as a CommonJS module beside the native binding.
const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Uint8Array };

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const extra = new Set([...EXTRA_WORDS, ...DEFAULT_CATEGORIES.flatMap((c) => c.keywords)]);
    jieba.loadDict(
      Buffer.from(
        [...extra]
          .filter((w) => /^[\u3400-\u9fff]{2,}$/.test(w))
          .map((w) => `${w} 20000 n`)
          .join('\n'),
      ),
    );
  }
  return jieba;
}

/** Words that say nothing about what is offered or needed (Mandarin and Cantonese). */
const STOPWORDS = new Set(
  (
    '的 了 着 过 都 我 你 他 她 它 我们 你们 他们 有 在 是 和 与 及 也 就 要 会 能 可以 一下 一个 个 这 那 这个 那个 ' +
    '唔 系 咗 嘅 啲 冇 佢 咁 喺 嗰 呢 啊 吧 吗 呀 哈 哦 喔 嘛 啦 喇 咩 乜 点 得 好 很 太 还 又 再 都 仲 ' +
    '帮 帮忙 帮手 需要 想 找 求 请 有人 有没有 没有 谁 可 能否 或者 还是 如果 因为 所以 但是 不过 然后 比较 ' +
    '一些 一点 一点点 时候 现在 今天 明天 每天 多 少 大 小 上 下 里 中 人 家 去 来 到 给 让 把 被 对 为 从 ' +
    '自己 已经 一直 真的 其实 非常 特别 最好 方便 免费 联系 欢迎 邻居 街坊 各位'
  ).split(/\s+/),
);

/** Single characters that do carry meaning alone in postings (猫, 狗, 书, 锅, 修, 堵, 漏 …). */
const MEANINGFUL_CHARS = new Set(
  '猫 狗 鱼 鸟 书 锅 衫 鞋 伞 琴 画 字 舞 歌 药 饭 粥 汤 菜 车 床 椅 柜 门 锁 灯 修 堵 漏 补 剪 搬 教 陪 借 送 洗 煮'.split(
    ' ',
  ),
);

const CJK = /[\u3400-\u9fff]/;
const WORD = /^[\p{L}\p{N}]+$/u;

function keep(token: string): boolean {
  if (!WORD.test(token)) return false;
  if (STOPWORDS.has(token)) return false;
  const chars = Array.from(token);
  if (chars.length === 1) return CJK.test(token) ? MEANINGFUL_CHARS.has(token) : false;
  if (/^\d+$/.test(token)) return false;
  return true;
}

/** Words of a text: dictionary segmentation in search mode, lower-cased, with synonyms added. */
export function words(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  for (const token of segmenter().cutForSearch(lower, true)) {
    const t = token.trim();
    if (!keep(t)) continue;
    out.push(t);
    const canonical = SYNONYMS[t];
    if (canonical && canonical !== t) out.push(canonical);
  }
  return out;
}

/** Character bigrams of the Chinese runs, the fallback when segmentation splits a word oddly. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) {
      const b = chars[i]! + chars[i + 1]!;
      if (!STOPWORDS.has(b)) out.push(b);
    }
  }
  return out;
}

/** Toneless pinyin of a Chinese word (水管 → shuiguan), so names can be found by typing pinyin. */
export function pinyinOf(word: string): string | null {
  if (!/^[\u3400-\u9fff]{2,}$/.test(word)) return null;
  return pinyin(word, { toneType: 'none', type: 'array' }).join('');
}

export interface TermWeights {
  title: number;
  tag: number;
  titleBigram: number;
  body: number;
  pinyin: number;
}

export const INDEX_WEIGHTS: TermWeights = { title: 4, tag: 4, titleBigram: 2, body: 1, pinyin: 1 };

/** The longest term stored; longer tokens (a pasted URL) are cut, they would never be typed. */
const TERM_MAX = 32;

/**
 * The search terms of a listing with their weights (title and tag words count most). Each term
 * appears once, with its highest weight.
 */
export function listingTerms(
  input: { title: string; description: string; tags: readonly string[] },
  weights: TermWeights = INDEX_WEIGHTS,
): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (term: string, weight: number) => {
    const t = term.slice(0, TERM_MAX);
    if ((terms.get(t) ?? 0) < weight) terms.set(t, weight);
  };
  const titleWords = words(input.title);
  for (const w of titleWords) {
    add(w, weights.title);
    const py = pinyinOf(w);
    if (py) add(py, weights.pinyin);
  }
  for (const b of bigrams(input.title)) add(b, weights.titleBigram);
  for (const tag of input.tags) {
    const t = tag.toLowerCase().trim();
    if (keep(t)) add(t, weights.tag);
    for (const w of words(tag)) add(w, weights.tag);
    for (const b of bigrams(tag)) add(b, weights.titleBigram);
  }
  for (const w of words(input.description)) add(w, weights.body);
  for (const b of bigrams(input.description)) add(b, weights.body);
  return terms;
}

/** The terms of a search query: its words (with synonyms), bigrams and the query as typed. */
export function queryTerms(q: string): Map<string, number> {
  const text = q.trim().toLowerCase();
  const terms = new Map<string, number>();
  if (!text) return terms;
  for (const w of words(text)) terms.set(w.slice(0, TERM_MAX), 2);
  for (const b of bigrams(text)) if (!terms.has(b)) terms.set(b, 1);
  // Pinyin typed as one run (shuiguan) or a Latin word: matched as is.
  for (const run of text.match(/[a-z0-9]{2,}/g) ?? [])
    if (!terms.has(run)) terms.set(run.slice(0, TERM_MAX), 2);
  return terms;
}
