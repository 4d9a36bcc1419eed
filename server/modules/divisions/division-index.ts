import type { DivisionLevel, DivisionSummary } from '../../../common/schemas/divisions.js';
import { presentDivisionSummary } from './divisions.presenter.js';
import type { DivisionRecord } from './divisions.repository.js';

/** Hits, and the same hits serialised once, so a repeated query costs no serialisation. */
export interface SearchHits {
  items: DivisionSummary[];
  itemsJson: string;
}

export type QueryKind = 'code' | 'latin' | 'hanzi';

export interface IndexQuery {
  /** Lower-cased, trimmed; for latin queries without spaces or apostrophes. */
  text: string;
  kind: QueryKind;
  /** Short code of the area to search within (e.g. '440604'). */
  withinPrefix?: string | undefined;
  limit: number;
}

interface Entry {
  code: string;
  name: string;
  shortName: string;
  pinyin: string;
  initials: string;
  shortPinyin: string;
  /** Presented once at load time, so a search allocates nothing per hit. */
  view: DivisionSummary;
}

const LEVEL_ORDER: Record<DivisionLevel, number> = {
  province: 0,
  city: 1,
  district: 2,
  street: 3,
  community: 4,
};

/**
 * The division tree in memory, for search-as-you-type. Divisions are reference data that change
 * only on import (a few thousand rows for a district), so scanning them in memory is faster than
 * a round trip and ranks exactly: exact short name or initials, then prefix, then contains; ties
 * by level (streets before communities), then official code order.
 */
export class DivisionIndex {
  private readonly entries: Entry[];
  /**
   * Results by query. The index never changes once built (an import builds a new one), so a
   * memo is always exact; people typing the same few prefixes make it hit most of the time.
   */
  private readonly memo = new Map<string, SearchHits>();
  static readonly MEMO_SIZE = 2000;

  constructor(records: DivisionRecord[]) {
    this.entries = records
      .map((r) => ({
        code: r.code,
        name: r.name,
        shortName: r.shortName,
        pinyin: r.pinyin,
        initials: r.initials,
        shortPinyin: r.shortPinyin,
        view: presentDivisionSummary(r),
        level: LEVEL_ORDER[r.level],
      }))
      .sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: IndexQuery): SearchHits {
    const key = `${query.kind}\u0000${query.text}\u0000${query.withinPrefix ?? ''}\u0000${query.limit}`;
    const hit = this.memo.get(key);
    if (hit) {
      // Least-recently-used order: a hit moves to the back.
      this.memo.delete(key);
      this.memo.set(key, hit);
      return hit;
    }
    const items = this.scan(query);
    const result = { items, itemsJson: JSON.stringify(items) };
    if (this.memo.size >= DivisionIndex.MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(key, result);
    return result;
  }

  private scan(query: IndexQuery): DivisionSummary[] {
    const { text, kind, limit } = query;
    const within = query.withinPrefix;
    // Entries are already in tie-break order, so a stable bucket per rank keeps that order.
    const buckets: DivisionSummary[][] = [[], [], [], []];
    for (const e of this.entries) {
      if (within && !e.code.startsWith(within)) continue;
      const rank = rankOf(e, text, kind);
      if (rank >= 0) buckets[rank]!.push(e.view);
    }
    const out: DivisionSummary[] = [];
    for (const bucket of buckets) {
      for (const view of bucket) {
        if (out.length === limit) return out;
        out.push(view);
      }
    }
    return out;
  }
}

/** 0 best … 3 weakest; -1 no match. */
function rankOf(e: Entry, text: string, kind: QueryKind): number {
  if (kind === 'code') return e.code.startsWith(text) ? 0 : -1;
  if (kind === 'latin') {
    if (e.shortPinyin === text || e.initials === text) return 0;
    if (e.shortPinyin.startsWith(text)) return 1;
    if (e.initials.startsWith(text)) return 2;
    return e.pinyin.includes(text) ? 3 : -1;
  }
  if (e.shortName === text || e.name === text) return 0;
  if (e.shortName.startsWith(text)) return 1;
  return e.name.includes(text) || e.shortName.includes(text) ? 2 : -1;
}
