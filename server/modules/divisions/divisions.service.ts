import { pinyin } from 'pinyin-pro';
import type {
  DivisionChildren,
  DivisionDetail,
  DivisionRoots,
  DivisionSearchQuery,
  DivisionSearchResult,
} from '../../../common/schemas/divisions.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { noProgress, type ProgressFn } from '../../lib/progress.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { ancestorShortCodes, fullCodeOf, levelOf, parentFullCode, shortCodeOf } from './division-codes.js';
import { DivisionIndex, type QueryKind, type SearchHits } from './division-index.js';
import { readSubtree } from './division-source.js';
import { canImportDivisions, canReadDivisions } from './divisions.policy.js';
import { presentDivision, presentDivisionWithCount } from './divisions.presenter.js';
import { type DivisionRecord, DivisionsRepository } from './divisions.repository.js';
import { isPlaceholderName, shortNameOf } from './short-name.js';

export interface ImportResult {
  code: string;
  name: string;
  /** Divisions in the imported subtree, ancestors included. */
  total: number;
  /** Rows that were new; 0 when the area had been imported before. */
  inserted: number;
}

const PATH_SEPARATOR = ' › ';
const INSERT_BATCH = 200;

function romanise(text: string): { full: string; initials: string } {
  const opts = { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true } as const;
  const clean = (parts: string[]) =>
    parts
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return { full: clean(pinyin(text, opts)), initials: clean(pinyin(text, { ...opts, pattern: 'first' })) };
}

/** How long a process trusts its search index before reloading (another process may have imported). */
const INDEX_TTL_MS = 15_000;

function classify(q: string): QueryKind {
  if (/^\d+$/.test(q)) return 'code';
  if (/^[a-z][a-z' ]*$/.test(q)) return 'latin';
  return 'hanzi';
}

/** Reads the division tree and imports official data. Reads are public; imports are for operators. */
export class DivisionsService {
  private readonly repo: DivisionsRepository;
  private index: { loadedAt: number; ready: Promise<DivisionIndex> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: LogAppender,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new DivisionsRepository(db.kysely);
  }

  /**
   * The search index, loaded once and reloaded after INDEX_TTL_MS (an import in another process
   * shows up within that time; one in this process, at once). Concurrent callers share one load.
   */
  private searchIndex(): Promise<DivisionIndex> {
    const current = this.index;
    if (current && this.now() - current.loadedAt < INDEX_TTL_MS) return current.ready;
    const ready = this.repo.listAll().then((records) => new DivisionIndex(records));
    const entry = { loadedAt: this.now(), ready };
    this.index = entry;
    ready.catch(() => {
      if (this.index === entry) this.index = undefined;
    });
    return ready;
  }

  /** A division with its ancestors (outermost first); `division_not_found` when not imported. */
  async get(actor: Actor, code: string): Promise<DivisionDetail> {
    if (!canReadDivisions(actor)) throw new AppError('forbidden');
    const full = fullCodeOf(code);
    const division = await this.repo.findWithChildCount(full);
    if (!division) throw new AppError('division_not_found', { code });
    const ancestorCodes = ancestorShortCodes(full).map((c) => c.padEnd(12, '0'));
    const ancestors = await this.repo.findMany(ancestorCodes);
    ancestors.sort((a, b) => ancestorCodes.indexOf(a.code) - ancestorCodes.indexOf(b.code));
    return { division: presentDivisionWithCount(division), ancestors: ancestors.map(presentDivision) };
  }

  async children(actor: Actor, code: string): Promise<DivisionChildren> {
    if (!canReadDivisions(actor)) throw new AppError('forbidden');
    const full = fullCodeOf(code);
    const parent = await this.repo.findByCode(full);
    if (!parent) throw new AppError('division_not_found', { code });
    const items = await this.repo.children(full);
    return { parent: presentDivision(parent), items: items.map(presentDivisionWithCount) };
  }

  /** Short names of divisions by code (for labels in other modules); unknown codes are left out. */
  async shortNames(codes: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map();
    const rows = await this.repo.findMany(unique);
    return new Map(rows.map((r) => [r.code, r.shortName]));
  }

  /** The communities at or below a division, with their short names. */
  async communitiesUnder(code: string): Promise<{ code: string; name: string }[]> {
    const rows = await this.repo.communitiesUnder(shortCodeOf(fullCodeOf(code)));
    return rows.map((r) => ({ code: r.code, name: r.shortName }));
  }

  /** Search by Chinese name, full pinyin (tapo), initials (tp) or code prefix. */
  async search(actor: Actor, query: DivisionSearchQuery): Promise<DivisionSearchResult> {
    const hits = await this.searchHits(actor, query);
    return { query: query.q, items: hits.items };
  }

  /**
   * The same search as a ready JSON body (DivisionSearchResultSchema), for the HTTP route:
   * search-as-you-type is the hottest read, and the hits are serialised once per index.
   */
  async searchJson(actor: Actor, query: DivisionSearchQuery): Promise<string> {
    const hits = await this.searchHits(actor, query);
    return `{"query":${JSON.stringify(query.q)},"items":${hits.itemsJson}}`;
  }

  private async searchHits(actor: Actor, query: DivisionSearchQuery): Promise<SearchHits> {
    if (!canReadDivisions(actor)) throw new AppError('forbidden');
    const text = query.q.trim().toLowerCase();
    if (!text) throw new AppError('validation_failed', { field: 'q' });
    const kind = classify(text);
    const index = await this.searchIndex();
    return index.search({
      text: kind === 'latin' ? text.replace(/[' ]/g, '') : text,
      kind,
      withinPrefix: query.within ? shortCodeOf(query.within) : undefined,
      limit: query.limit ?? 10,
    });
  }

  /** The imported areas: the entry points of the tree in the app. */
  async roots(actor: Actor): Promise<DivisionRoots> {
    if (!canReadDivisions(actor)) throw new AppError('forbidden');
    return { items: (await this.repo.importedRoots()).map(presentDivisionWithCount) };
  }

  async isEmpty(): Promise<boolean> {
    return (await this.repo.count()) === 0;
  }

  /**
   * Imports a district or street (and its ancestors) from the bundled official data in one
   * transaction. Idempotent: rows already present are left as they are.
   */
  async importArea(actor: Actor, code: string, onProgress: ProgressFn = noProgress): Promise<ImportResult> {
    if (!canImportDivisions(actor)) throw new AppError('forbidden');
    const source = readSubtree(code);
    const names = new Map(source.map((s) => [s.code, s.name]));
    const records: DivisionRecord[] = source.map((s) => {
      const name = s.name;
      const shortName = shortNameOf(name);
      const roman = romanise(name);
      const pathLabel = ancestorShortCodes(s.code)
        .map((c) => names.get(c))
        .filter((n): n is string => n !== undefined && !isPlaceholderName(n))
        .map(shortNameOf)
        .join(PATH_SEPARATOR);
      return {
        code: fullCodeOf(s.code),
        name,
        shortName,
        level: levelOf(s.code),
        parentCode: parentFullCode(s.code),
        pathLabel,
        pinyin: roman.full,
        initials: roman.initials,
        shortPinyin: romanise(shortName).full,
      };
    });
    const now = Date.now();
    const rootCode = fullCodeOf(code);
    const inserted = await this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.withExecutor(trx);
      let count = 0;
      for (let i = 0; i < records.length; i += INSERT_BATCH) {
        count += await repo.insertMissing(records.slice(i, i + INSERT_BATCH), now);
        onProgress(Math.min(i + INSERT_BATCH, records.length), records.length, rootCode);
      }
      const recorded = await repo.recordImport(rootCode, records.length, now);
      // The trust log records every change to the reference tree, in the same transaction.
      if (count > 0 || recorded) {
        await this.log.append(trx, [
          {
            kind: 'divisions.import',
            v: 1,
            data: { code: rootCode, divisions: records.length, inserted: count },
          },
        ]);
      }
      return count;
    });
    if (inserted > 0) this.index = undefined;
    return { code: rootCode, name: names.get(shortCodeOf(code)) ?? code, total: records.length, inserted };
  }
}
