import type { Transaction } from 'kysely';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import type {
  Category,
  CategoryInput,
  CreateListingInput,
  Listing,
  ListingPage,
  ListingQuery,
  UpdateListingInput,
} from '../../../common/schemas/listings.js';
import type { PointsRules } from '../../../common/schemas/points.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type Actor, divisionPrefix, grantCovers } from '../../lib/actor.js';
import { cleanText } from '../../lib/text.js';
import { fullCodeOf, shortCodeOf } from '../divisions/division-codes.js';
import { logActedFor } from '../identity/acted-for.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import {
  canClose,
  canEdit,
  canManageTaxonomy,
  canView,
  effectiveStatus,
  isOwner,
  type Level,
  meetsLevel,
} from './listings.policy.js';
import { type PresentContext, presentCategory, presentListing } from './listings.presenter.js';
import {
  type CategoryRow,
  type Executor,
  type ListingInsert,
  type ListingRow,
  ListingsRepository,
} from './listings.repository.js';
import { DEFAULT_CATEGORIES } from './taxonomy.js';
import { listingTerms, queryTerms } from './text.js';

/** Photos: at most this many per listing, each at most this big before decoding. */
export const PHOTOS_MAX = 4;
export const PHOTO_MAX_BYTES = 3 * 1024 * 1024;
const PHOTO_EDGE = 1280;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);
const DAY_MS = 86_400_000;
const DEFAULT_EXPIRY_DAYS = 30;
const CATEGORY_TTL_MS = 5_000;
const SEARCH_TTL_MS = 2_000;
const SEARCH_CACHE_MAX = 2_000;
const SWEEP_EVERY_MS = 60_000;
const DF_TTL_MS = 60_000;
/** Counting a term's listings stops here: a word in this many says little anyway. */
const DF_CAP = 5_000;

/** What listings need of other modules: the district's rules and the short names of places. */
export interface ListingsDeps {
  rules(district: string): Promise<PointsRules>;
  shortNames(codes: readonly string[]): Promise<Map<string, string>>;
  /** Posters' Bayesian-averaged ratings (reviews module); without it, no rating is shown. */
  ratings?: (
    accountIds: readonly string[],
    executor?: Executor,
  ) => Promise<Map<string, { rating: number | null }>>;
  /**
   * Of these listings, those the reader already has a live exchange on (exchanges module), so
   * `respond` says exchange_already_requested; without it, that is left to the request itself.
   */
  liveExchanges?: (
    readerId: string,
    listingIds: readonly string[],
    executor?: Executor,
  ) => Promise<Set<string>>;
}

/** Called in the transaction that posts a need (matching notifies the best-placed helpers). */
export type NeedPostedHook = (trx: Transaction<Database>, need: ListingRow) => Promise<void>;

/** The 12-digit code of a district, from any code in it (440604 or 440604010000 → 440604000000). */
export function districtOf(code: string): string {
  return fullCodeOf(code.slice(0, 6));
}

/** A generated listing for bulkInsert. */
export interface BulkListing {
  id?: string;
  ownerId: string;
  direction: 'offer' | 'need';
  kind: 'skill' | 'service' | 'time' | 'item';
  title: string;
  description: string;
  category: string;
  tags: string[];
  divisionCode: string;
  compoundId?: string | null;
  availability: { day: number; part: 'morning' | 'afternoon' | 'evening' }[];
  minutes?: number | null;
  capacity?: number;
  alerts?: boolean;
  createdAt?: number;
  expiresInDays?: number;
}

interface SearchEntry {
  at: number;
  gen: number;
  next: string | null;
  rows: ListingRow[];
  photos: Map<string, string[]>;
  /** The presented page as JSON, per reader verification level (for readers it is not about). */
  json: Map<string, string>;
}

interface Reader {
  homeDivision: string | null;
  compoundId: string | null;
  verification: Level;
}

interface CursorState {
  o?: number;
  b?: string;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorState {
  if (!cursor) return {};
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (state.o !== undefined && !(Number.isInteger(state.o) && state.o >= 0 && state.o <= 10_000)) throw 0;
    if (state.b !== undefined && !(typeof state.b === 'string' && state.b.length <= 64)) throw 0;
    return state;
  } catch {
    throw new AppError('validation_failed', { field: 'cursor' });
  }
}

function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => cleanText(t)).filter((t) => t.length > 0))];
}

/**
 * Offers (服务清单) and needs (需求清单). Every write happens in one transaction with its search
 * terms and its trust-log entry; a listing past its expiry is never shown as open (queries filter
 * by time, and a sweep marks such listings expired in bulk). A listing outside the reader's reach
 * (closed, not theirs) is `listing_not_found`.
 */
export class ListingsService {
  private readonly repo: ListingsRepository;
  private readonly categoryCache = new Map<string, { at: number; rows: CategoryRow[] }>();
  private readonly placeCache = new Map<string, string>();
  private readonly searchCache = new Map<string, SearchEntry>();
  private generation = 0;
  private lastSweep = 0;
  private needHooks: NeedPostedHook[] = [];

  constructor(
    private readonly db: Db,
    private readonly log: LogAppender,
    private readonly deps: ListingsDeps,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new ListingsRepository(db.kysely);
  }

  /** Matching registers here to notify helpers in the transaction that posts a need. */
  onNeedPosted(hook: NeedPostedHook): void {
    this.needHooks.push(hook);
  }

  repository(executor?: Executor): ListingsRepository {
    return executor ? this.repo.with(executor) : this.repo;
  }

  // ---- taxonomy -------------------------------------------------------------------------------

  /**
   * Creates the default categories a district lacks (idempotent: existing ones and admins' edits
   * are kept); returns how many were added.
   */
  async ensureDefaultCategories(districtCode: string, executor?: Executor): Promise<number> {
    const district = districtOf(districtCode);
    if (!(await this.repository(executor).districtImported(district)))
      throw new AppError('division_not_found', { code: shortCodeOf(district) });
    const at = this.now();
    const rows: CategoryRow[] = DEFAULT_CATEGORIES.map((c, i) => ({
      ...c,
      keywords: [...c.keywords],
      districtCode: district,
      sortOrder: (i + 1) * 10,
      active: true,
    }));
    const added = await this.repository(executor).insertMissingCategories(rows, null, at);
    this.categoryCache.delete(district);
    return added;
  }

  /** A district's categories (created lazily when it has none), cached for a few seconds. */
  async categoryRows(districtCode: string, executor?: Executor): Promise<CategoryRow[]> {
    const district = districtOf(districtCode);
    const cached = this.categoryCache.get(district);
    if (!executor && cached && this.now() - cached.at < CATEGORY_TTL_MS) return cached.rows;
    let rows = await this.repository(executor).categories(district);
    if (rows.length === 0) {
      // Defaults are made lazily for a real district only: a made-up code creates nothing.
      if (!(await this.repository(executor).districtImported(district)))
        throw new AppError('division_not_found', { code: shortCodeOf(district) });
      await this.ensureDefaultCategories(district, executor);
      rows = await this.repository(executor).categories(district);
    }
    this.categoryCache.set(district, { at: this.now(), rows });
    return rows;
  }

  async categories(actor: Actor, districtCode?: string): Promise<Category[]> {
    const district = districtCode ?? (await this.homeOf(actor));
    return (await this.categoryRows(district)).map(presentCategory);
  }

  async createCategory(
    actor: Actor,
    input: CategoryInput & { key: string; district?: string | undefined },
  ): Promise<Category> {
    const district = districtOf(input.district ?? (await this.homeOf(actor)));
    if (!canManageTaxonomy(actor, district)) throw new AppError('forbidden');
    const row = this.categoryRow(district, input.key, input);
    await this.categoryRows(district);
    const created = await this.db.kysely.transaction().execute(async (trx) => {
      const ok = await this.repo.with(trx).insertCategory(row, personId(actor), this.now());
      if (!ok) return false;
      await this.logCategory(trx, actor, row, 'created');
      return true;
    });
    if (!created) throw new AppError('category_exists', { key: input.key });
    this.categoryCache.delete(district);
    return presentCategory(row);
  }

  async updateCategory(
    actor: Actor,
    districtCode: string,
    key: string,
    input: CategoryInput,
  ): Promise<Category> {
    const district = districtOf(shortCodeOf(districtCode));
    if (!canManageTaxonomy(actor, district)) throw new AppError('forbidden');
    const existing = (await this.categoryRows(district)).find((c) => c.key === key);
    if (!existing) throw new AppError('not_found');
    const row = this.categoryRow(district, key, {
      ...input,
      sortOrder: input.sortOrder ?? existing.sortOrder,
    });
    await this.db.kysely.transaction().execute(async (trx) => {
      await this.repo.with(trx).updateCategory(row, personId(actor), this.now());
      await this.logCategory(trx, actor, row, 'updated');
    });
    this.categoryCache.delete(district);
    return presentCategory(row);
  }

  private categoryRow(district: string, key: string, input: CategoryInput): CategoryRow {
    const nameZh = cleanText(input.nameZh);
    const nameEn = cleanText(input.nameEn);
    if (!nameZh) throw new AppError('validation_failed', { field: 'nameZh' });
    if (!nameEn) throw new AppError('validation_failed', { field: 'nameEn' });
    return {
      districtCode: district,
      key,
      group: input.group,
      nameZh,
      nameEn,
      keywords: cleanTags(input.keywords),
      requiredVerification: input.requiredVerification,
      sortOrder: input.sortOrder ?? 1000,
      active: input.active ?? true,
    };
  }

  private async logCategory(trx: Transaction<Database>, actor: Actor, row: CategoryRow, change: string) {
    const by =
      actor.kind === 'person' ? await this.log.pseudonym(trx, `account:${actor.accountId}`) : 'system';
    await this.log.append(trx, [
      {
        kind: 'listings.category_set',
        v: 1,
        data: {
          district: row.districtCode,
          key: row.key,
          change,
          by,
          requiredVerification: row.requiredVerification,
          active: row.active,
        },
      },
    ]);
  }

  private async homeOf(actor: Actor): Promise<string> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const reader = await this.repo.reader(actor.accountId);
    if (!reader?.homeDivision) throw new AppError('home_required');
    return reader.homeDivision;
  }

  // ---- listings -------------------------------------------------------------------------------

  /**
   * Posts an offer or a need in the poster's home community (or another within their reach:
   * a community a staff grant covers). A worker acting for a managed resident (代办) posts as
   * them, marked in the listing (`acted_by`) and in the trust log.
   */
  async create(actor: Actor, input: CreateListingInput): Promise<Listing> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const reader = await this.repo.reader(actor.accountId);
    if (!reader?.active) throw new AppError('unauthorized');
    const title = cleanText(input.title);
    if (!title) throw new AppError('validation_failed', { field: 'title' });
    const description = cleanText(input.description);
    const tags = cleanTags(input.tags);
    const community = input.divisionCode ?? reader.homeDivision;
    if (!community) throw new AppError('home_required');
    await this.checkReach(actor, reader, community);
    const compoundId = await this.compoundFor(input.compoundId, community, reader);
    const district = districtOf(community);
    const category = await this.activeCategory(district, input.category);
    const required = input.requiredVerification ?? category.requiredVerification;
    if (!meetsLevel(required, category.requiredVerification))
      throw new AppError('validation_failed', {
        field: 'requiredVerification',
        min: category.requiredVerification,
      });
    const now = this.now();
    if (input.deadline != null && input.deadline <= now)
      throw new AppError('validation_failed', { field: 'deadline' });
    // Whoever helps must meet the level; on an offer that is the poster.
    if (input.direction === 'offer' && !meetsLevel(reader.verification, required))
      throw new AppError('verification_required', { level: required });
    const capacity = input.capacity ?? 1;
    const id = uuidv7();
    const row: ListingInsert = {
      id,
      owner_id: actor.accountId,
      acted_by: actor.actedBy ?? null,
      direction: input.direction,
      kind: input.kind,
      title,
      description,
      district_code: district,
      category: category.key,
      tags: JSON.stringify(tags),
      division_code: community,
      compound_id: compoundId,
      availability: JSON.stringify(dedupeSlots(input.availability)),
      deadline: input.deadline ?? null,
      minutes: input.minutes ?? null,
      points: input.points ?? null,
      required_verification: required,
      capacity,
      open_slots: capacity,
      alerts: input.direction === 'offer' && input.alerts ? 1 : 0,
      status: 'open',
      expires_at: now + (input.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * DAY_MS,
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      await repo.insert([row]);
      await repo.insertTerms([
        {
          listingId: id,
          direction: row.direction,
          divisionCode: community,
          terms: listingTerms({ title, description, tags }),
        },
      ]);
      const owner = await this.log.pseudonym(trx, `account:${actor.accountId}`);
      await this.log.append(trx, [
        {
          kind: 'listings.created',
          v: 1,
          data: {
            listing: id,
            owner,
            direction: row.direction,
            kind: row.kind,
            category: row.category,
            division: community,
          },
        },
      ]);
      await logActedFor(this.log, trx, actor, 'listings.create');
      if (row.direction === 'need' && this.needHooks.length) {
        const created = await repo.get(id);
        for (const hook of this.needHooks) await hook(trx, created!);
      }
    });
    this.generation++;
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, patch: UpdateListingInput): Promise<Listing> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const current = await this.visible(actor, id);
    const now = this.now();
    if (!isOwner(actor, current)) throw new AppError('forbidden');
    if (!canEdit(actor, current, now)) throw new AppError('listing_closed');
    const reader = (await this.repo.reader(actor.accountId))!;
    const values: Partial<ListingInsert> = { updated_at: now };
    const title = patch.title === undefined ? current.title : cleanText(patch.title);
    if (!title) throw new AppError('validation_failed', { field: 'title' });
    const description = patch.description === undefined ? current.description : cleanText(patch.description);
    const tags = patch.tags === undefined ? current.tags : cleanTags(patch.tags);
    values.title = title;
    values.description = description;
    values.tags = JSON.stringify(tags);
    let community = current.divisionCode;
    if (patch.divisionCode !== undefined && patch.divisionCode !== current.divisionCode) {
      await this.checkReach(actor, reader, patch.divisionCode);
      community = patch.divisionCode;
      values.division_code = community;
      values.district_code = districtOf(community);
      if (patch.compoundId === undefined) values.compound_id = null;
    }
    if (patch.compoundId !== undefined)
      values.compound_id =
        patch.compoundId === null ? null : await this.compoundFor(patch.compoundId, community, null);
    const category = await this.activeCategory(
      districtOf(community),
      patch.category ?? current.category,
      patch.category === undefined,
    );
    values.category = category.key;
    const required = patch.requiredVerification ?? current.requiredVerification;
    const requiredFinal =
      patch.category !== undefined &&
      patch.requiredVerification === undefined &&
      !meetsLevel(required, category.requiredVerification)
        ? category.requiredVerification
        : required;
    if (!meetsLevel(requiredFinal, category.requiredVerification))
      throw new AppError('validation_failed', {
        field: 'requiredVerification',
        min: category.requiredVerification,
      });
    if (current.direction === 'offer' && !meetsLevel(reader.verification, requiredFinal))
      throw new AppError('verification_required', { level: requiredFinal });
    values.required_verification = requiredFinal;
    if (patch.kind !== undefined) values.kind = patch.kind;
    if (patch.availability !== undefined)
      values.availability = JSON.stringify(dedupeSlots(patch.availability));
    if (patch.deadline !== undefined) {
      if (patch.deadline !== null && patch.deadline <= now)
        throw new AppError('validation_failed', { field: 'deadline' });
      values.deadline = patch.deadline;
    }
    if (patch.minutes !== undefined) values.minutes = patch.minutes;
    if (patch.points !== undefined) values.points = patch.points;
    if (patch.alerts !== undefined) values.alerts = current.direction === 'offer' && patch.alerts ? 1 : 0;
    if (patch.expiresInDays !== undefined) values.expires_at = now + patch.expiresInDays * DAY_MS;
    if (patch.capacity !== undefined) {
      const taken = current.capacity - current.openSlots;
      if (patch.capacity < taken) throw new AppError('validation_failed', { field: 'capacity', min: taken });
      values.capacity = patch.capacity;
      values.open_slots = patch.capacity - taken;
    }
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      await repo.update(id, values);
      await repo.setTerms(id, current.direction, community, listingTerms({ title, description, tags }));
      await logActedFor(this.log, trx, actor, 'listings.update');
    });
    this.generation++;
    return this.get(actor, id);
  }

  /** Closes a listing (its owner, or the community's staff as moderation); logged. */
  async close(actor: Actor, id: string): Promise<Listing> {
    if (actor.kind !== 'person' && actor.kind !== 'system') throw new AppError('unauthorized');
    const current = await this.visible(actor, id);
    const now = this.now();
    if (!canClose(actor, current, now)) {
      if (!isOwner(actor, current) && effectiveStatus(current, now) !== 'closed')
        throw new AppError('forbidden');
      throw new AppError('listing_closed');
    }
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      if (!(await repo.close(id, now))) throw new AppError('listing_closed');
      await repo.setTerms(id, current.direction, current.divisionCode, new Map());
      const by =
        actor.kind === 'person' ? await this.log.pseudonym(trx, `account:${actor.accountId}`) : 'system';
      await this.log.append(trx, [
        {
          kind: 'listings.closed',
          v: 1,
          data: { listing: id, by, reason: isOwner(actor, current) ? 'owner' : 'staff' },
        },
      ]);
      await logActedFor(this.log, trx, actor, 'listings.close');
    });
    this.generation++;
    return this.get(actor, id);
  }

  /**
   * Marks every listing past its expiry as expired and takes it out of the index, in batches;
   * for the job runner (or anyone) to call. Returns how many were marked.
   */
  async expireDue(now: number = this.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.db.kysely
        .transaction()
        .execute((trx) => this.repo.with(trx).expireDue(now, 1000));
      total += ids.length;
      if (ids.length < 1000) break;
    }
    this.lastSweep = now;
    if (total) this.generation++;
    return total;
  }

  private async maybeSweep(): Promise<void> {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.expireDue(now);
  }

  async get(actor: Actor, id: string): Promise<Listing> {
    const row = await this.visible(actor, id);
    const [listing] = await this.present(actor, [row]);
    return listing!;
  }

  /** A listing the actor may see, or listing_not_found. */
  async visible(actor: Actor, id: string): Promise<ListingRow> {
    if (actor.kind === 'anonymous') throw new AppError('unauthorized');
    const row = await this.repo.get(id);
    if (!row || !canView(actor, row, this.now())) throw new AppError('listing_not_found');
    return row;
  }

  /** Listings as the actor sees them (abilities, place names, photos, points estimate). */
  async present(actor: Actor, rows: ListingRow[], executor?: Executor): Promise<Listing[]> {
    const ctx = await this.presentContext(actor, rows, executor);
    return rows.map((row) => presentListing(row, ctx));
  }

  async presentContext(actor: Actor, rows: ListingRow[], executor?: Executor): Promise<PresentContext> {
    const repo = this.repository(executor);
    const readerLevel =
      actor.kind === 'person' ? ((await repo.reader(actor.accountId))?.verification ?? null) : null;
    const districts = [...new Set(rows.map((r) => r.districtCode))];
    const [places, photos, rules, ratings, responded] = await Promise.all([
      this.places(rows.map((r) => r.divisionCode)),
      repo.photoIds(rows.map((r) => r.id)),
      Promise.all(districts.map(async (d) => [d, await this.deps.rules(d)] as const)),
      this.deps.ratings?.(
        rows.map((r) => r.ownerId),
        executor,
      ) ?? new Map<string, { rating: number | null }>(),
      this.respondedTo(actor, rows, executor),
    ]);
    return {
      actor,
      readerLevel,
      now: this.now(),
      places,
      photos,
      rules: new Map(rules),
      ratings,
      responded,
    };
  }

  /** The listings among `rows` the reader has a live exchange on (one indexed query). */
  private async respondedTo(actor: Actor, rows: readonly ListingRow[], executor?: Executor) {
    const others = rows.filter((r) => actor.kind === 'person' && r.ownerId !== actor.accountId);
    if (actor.kind !== 'person' || !this.deps.liveExchanges || others.length === 0) return new Set<string>();
    return this.deps.liveExchanges(
      actor.accountId,
      others.map((r) => r.id),
      executor,
    );
  }

  /** "社区 · 街道" for each community code (cached: divisions rarely change). */
  private async places(codes: readonly string[]): Promise<Map<string, string>> {
    const missing = [...new Set(codes)].filter((c) => !this.placeCache.has(c));
    if (missing.length) {
      const streets = missing.map((c) => fullCodeOf(c.slice(0, 9)));
      const names = await this.deps.shortNames([...missing, ...streets]);
      for (const code of missing) {
        const street = names.get(fullCodeOf(code.slice(0, 9)));
        const name = names.get(code);
        this.placeCache.set(code, [name, street].filter(Boolean).join(' · '));
      }
    }
    return new Map(codes.map((c) => [c, this.placeCache.get(c) ?? '']));
  }

  /**
   * Search and feed: with `q`, open listings ranked by Σ term weight × idf (title words count
   * most) plus recency; without, newest first. Filters narrow by kind, direction, category, a
   * division prefix (`within`) or the reader's own compound/community/street/district (`near`).
   * Pages of ids are cached for a couple of seconds (a busy feed asks the same thing often).
   */
  async search(actor: Actor, query: ListingQuery): Promise<ListingPage> {
    return JSON.parse(await this.searchJson(actor, query)) as ListingPage;
  }

  /** The same page as JSON text, cached per page and reader level when nothing in it is theirs. */
  async searchJson(actor: Actor, query: ListingQuery): Promise<string> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    await this.maybeSweep();
    const limit = query.limit ?? 20;
    const now = this.now();
    let within = query.within ? divisionPrefix(query.within) : undefined;
    let compoundId: string | undefined;
    if (query.near) {
      const reader = await this.repo.reader(actor.accountId);
      if (!reader?.homeDivision) throw new AppError('home_required');
      const home = reader.homeDivision;
      if (query.near === 'compound') {
        within = home;
        compoundId = reader.compoundId ?? '-';
      } else
        within =
          query.near === 'community' ? home : query.near === 'street' ? home.slice(0, 9) : home.slice(0, 6);
    }
    const cursor = decodeCursor(query.cursor);
    const q = query.q?.trim() ?? '';
    const mine = query.mine === true;
    const status = query.status ?? (mine ? undefined : 'open');
    const key = mine
      ? null
      : JSON.stringify([
          q,
          query.direction,
          query.kind,
          query.category,
          within,
          compoundId,
          status,
          limit,
          query.cursor,
        ]);
    const cached = key ? this.searchCache.get(key) : undefined;
    let entry: SearchEntry;
    if (cached && cached.gen === this.generation && now - cached.at < SEARCH_TTL_MS) entry = cached;
    else {
      const page = q
        ? await this.textPage(
            actor.accountId,
            q,
            { ...query, status },
            within,
            compoundId,
            limit,
            cursor.o ?? 0,
          )
        : await this.browsePage(actor, { ...query, status }, within, compoundId, limit, cursor.b, now);
      const rows = await this.repo.getMany(page.ids);
      const photos = await this.repo.photoIds(page.ids);
      entry = { at: now, gen: this.generation, next: page.next, rows, photos, json: new Map() };
      if (key) {
        if (this.searchCache.size >= SEARCH_CACHE_MAX) this.searchCache.clear();
        this.searchCache.set(key, entry);
      }
    }
    // Text hits come from the index, which also holds fulfilled listings: show what was asked for.
    const rows = entry.rows.filter(
      (r) =>
        canView(actor, r, now) &&
        (!status || effectiveStatus(r, now) === status) &&
        (!mine || r.ownerId === actor.accountId),
    );
    const reader = await this.cachedReader(actor.accountId, now);
    const level = reader?.verification ?? null;
    // Abilities depend on the reader only through their level, unless a listing is theirs or
    // they are staff (who may close): then the page is presented for them alone.
    // Listings the reader already answered: their `respond` is theirs alone, so no shared page.
    const responded = await this.respondedTo(actor, rows);
    const shared =
      responded.size === 0 &&
      !mine &&
      rows.length === entry.rows.length &&
      !actor.grants.some((g) => g.role !== 'resident') &&
      !rows.some((r) => r.ownerId === actor.accountId);
    const cachedJson = shared ? entry.json.get(level ?? '') : undefined;
    if (cachedJson) return cachedJson;
    const districts = [...new Set(rows.map((r) => r.districtCode))];
    const [places, rules] = await Promise.all([
      this.places(rows.map((r) => r.divisionCode)),
      Promise.all(districts.map(async (d) => [d, await this.deps.rules(d)] as const)),
    ]);
    const ctx: PresentContext = {
      actor,
      readerLevel: level,
      now,
      places,
      photos: entry.photos,
      rules: new Map(rules),
      responded,
    };
    const json = JSON.stringify({ items: rows.map((row) => presentListing(row, ctx)), next: entry.next });
    if (shared) entry.json.set(level ?? '', json);
    return json;
  }

  private readonly readerCache = new Map<string, { at: number; reader: Reader | undefined }>();

  /** The reader's verification for abilities, cached as briefly as the search pages. */
  private async cachedReader(accountId: string, now: number): Promise<Reader | undefined> {
    const hit = this.readerCache.get(accountId);
    if (hit && now - hit.at < SEARCH_TTL_MS) return hit.reader;
    const reader = await this.repo.reader(accountId);
    if (this.readerCache.size > 10_000) this.readerCache.clear();
    this.readerCache.set(accountId, { at: now, reader });
    return reader;
  }

  private async browsePage(
    actor: Actor & { kind: 'person' },
    query: ListingQuery,
    within: string | undefined,
    compoundId: string | undefined,
    limit: number,
    before: string | undefined,
    now: number,
  ) {
    const ids = await this.repo.browse(
      {
        now,
        ownerId: query.mine ? actor.accountId : undefined,
        status: query.status,
        direction: query.direction,
        kind: query.kind,
        category: query.category,
        within,
        compoundId,
        before,
      },
      limit + 1,
    );
    const more = ids.length > limit;
    const pageIds = ids.slice(0, limit);
    return { ids: pageIds, next: more ? encodeCursor({ b: pageIds.at(-1)! }) : null };
  }

  private async textPage(
    ownerId: string,
    q: string,
    query: ListingQuery,
    within: string | undefined,
    compoundId: string | undefined,
    limit: number,
    offset: number,
  ) {
    if (query.status && query.status !== 'open') return { ids: [], next: null };
    const directions = query.direction ? [query.direction] : (['offer', 'need'] as const);
    const weights = await this.idfWeights(queryTerms(q), directions);
    if (weights.size === 0) return { ids: [], next: null };
    const hits = (
      await Promise.all(
        directions.map((direction) =>
          this.repo.termSearch({
            terms: weights,
            direction,
            within,
            limit: offset + limit + 1,
            filters: {
              kind: query.kind,
              category: query.category,
              compoundId,
              ownerId: query.mine ? ownerId : undefined,
            },
          }),
        ),
      )
    )
      .flat()
      .sort((a, b) => b.score - a.score || (a.listingId < b.listingId ? 1 : -1));
    const slice = hits.slice(offset, offset + limit);
    const more = hits.length > offset + limit;
    return { ids: slice.map((h) => h.listingId), next: more ? encodeCursor({ o: offset + limit }) : null };
  }

  /**
   * Query term weights: the query's own weight × idf over the open listings, counted up to a cap;
   * terms in more than a fifth of the listings say little and are dropped when rarer ones exist.
   */
  async idfWeights(
    terms: Map<string, number>,
    directions: readonly ('offer' | 'need')[],
    executor?: Executor,
    maxTerms = 16,
  ): Promise<Map<string, number>> {
    if (terms.size === 0) return terms;
    const repo = this.repository(executor);
    const list = [...terms.keys()].slice(0, 64);
    const now = this.now();
    const [dfs, total] = await Promise.all([
      Promise.all(directions.map((d) => this.frequencies(repo, list, d, now))),
      this.openTotal(directions, repo),
    ]);
    const n = Math.max(total, 1);
    let scored = list
      .map((term) => {
        const df = dfs.reduce((sum, m) => sum + (m.get(term) ?? 0), 0);
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        return { term, df, weight: (terms.get(term) ?? 1) * Math.max(idf, 0.05) };
      })
      .filter((t) => t.df > 0);
    // A word in DF_CAP or more listings is as good as a stopword: reading its postings would cost
    // more than it tells, so it is dropped while rarer words remain.
    const rare = scored.filter((t) => t.df < DF_CAP);
    if (rare.length >= 3) scored = rare;
    scored.sort((a, b) => b.weight - a.weight);
    return new Map(scored.slice(0, maxTerms).map((t) => [t.term, t.weight]));
  }

  private readonly dfCache = new Map<string, { at: number; df: number }>();

  /** Document frequencies, cached for a minute (idf barely moves as listings come and go). */
  private async frequencies(
    repo: ListingsRepository,
    terms: readonly string[],
    direction: 'offer' | 'need',
    now: number,
  ): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    const missing: string[] = [];
    for (const term of terms) {
      const hit = this.dfCache.get(`${direction}:${term}`);
      if (hit && now - hit.at < DF_TTL_MS) result.set(term, hit.df);
      else missing.push(term);
    }
    if (missing.length) {
      const counted = await repo.documentFrequencies(missing, direction, DF_CAP);
      if (this.dfCache.size > 100_000) this.dfCache.clear();
      for (const [term, df] of counted) {
        result.set(term, df);
        this.dfCache.set(`${direction}:${term}`, { at: now, df });
      }
    }
    return result;
  }

  private totalCache: { at: number; value: number; key: string } | null = null;
  private async openTotal(
    directions: readonly ('offer' | 'need')[],
    repo: ListingsRepository,
  ): Promise<number> {
    const key = directions.join(',');
    if (this.totalCache && this.totalCache.key === key && this.now() - this.totalCache.at < 10_000)
      return this.totalCache.value;
    const counts = await Promise.all(directions.map((d) => repo.openCount(d)));
    const value = counts.reduce((a, b) => a + b, 0);
    this.totalCache = { at: this.now(), value, key };
    return value;
  }

  // ---- photos ---------------------------------------------------------------------------------

  /** Adds a photo (JPEG, PNG or WebP; re-encoded as WebP at most 1280 px, metadata dropped). */
  async addPhoto(actor: Actor, id: string, input: Uint8Array): Promise<Listing> {
    const current = await this.visible(actor, id);
    if (!isOwner(actor, current)) throw new AppError('forbidden');
    if (!canEdit(actor, current, this.now())) throw new AppError('listing_closed');
    if (input.byteLength > PHOTO_MAX_BYTES) throw new AppError('payload_too_large');
    let bytes: Buffer;
    try {
      const image = sharp(input, { limitInputPixels: 40_000_000, failOn: 'error' });
      const meta = await image.metadata();
      if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) throw new Error('format');
      bytes = await image
        .rotate()
        .resize(PHOTO_EDGE, PHOTO_EDGE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch {
      throw new AppError('listing_photo_invalid');
    }
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      // Uploads at once queue on the listing's row, so each counts (and numbers) after the last.
      if (!(await repo.lock(id, this.db.dialect))) throw new AppError('listing_not_found');
      if ((await repo.photoCount(id)) >= PHOTOS_MAX)
        throw new AppError('listing_photo_invalid', { max: PHOTOS_MAX });
      await repo.addPhoto({ id: uuidv7(), listingId: id, contentType: 'image/webp', bytes, at: this.now() });
      await repo.update(id, { updated_at: this.now() });
    });
    this.generation++;
    return this.get(actor, id);
  }

  async photo(actor: Actor, id: string, photoId: string) {
    await this.visible(actor, id);
    const photo = await this.repo.photo(id, photoId);
    if (!photo) throw new AppError('not_found');
    return photo;
  }

  async deletePhoto(actor: Actor, id: string, photoId: string): Promise<Listing> {
    const current = await this.visible(actor, id);
    if (!isOwner(actor, current)) throw new AppError('forbidden');
    if (!(await this.repo.deletePhoto(id, photoId))) throw new AppError('not_found');
    this.generation++;
    return this.get(actor, id);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private async checkReach(actor: Actor & { kind: 'person' }, reader: Reader, community: string) {
    if ((await this.repo.divisionLevel(community)) !== 'community')
      throw new AppError('division_not_found', { code: community });
    if (community === reader.homeDivision) return;
    if (!actor.actedBy && actor.grants.some((g) => g.role !== 'resident' && grantCovers(g, community)))
      return;
    throw new AppError('forbidden', { field: 'divisionCode' });
  }

  /** The compound: as given (it must be in the community), else the poster's own when at home. */
  private async compoundFor(
    given: string | null | undefined,
    community: string,
    reader: Reader | null,
  ): Promise<string | null> {
    if (given === null) return null;
    if (given === undefined)
      return reader && reader.homeDivision === community ? (reader.compoundId ?? null) : null;
    const compound = await this.repo.compound(given);
    if (!compound || compound.community_code !== community)
      throw new AppError('validation_failed', { field: 'compoundId' });
    return compound.id;
  }

  private async activeCategory(district: string, key: string, allowInactive = false): Promise<CategoryRow> {
    const category = (await this.categoryRows(district)).find((c) => c.key === key);
    if (!category || (!category.active && !allowInactive)) throw new AppError('category_unknown', { key });
    return category;
  }

  /**
   * Many listings at once for seeding and benchmarks: rows and their search terms in batched
   * inserts, one transaction per five thousand. No trust-log entries and no notifications, so it is
   * for generated demo data only; categories must exist (unknown ones are refused).
   */
  async bulkInsert(
    items: BulkListing[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<string[]> {
    const termCache = new Map<string, Map<string, number>>();
    const ids: string[] = [];
    const districts = new Map<string, Map<string, CategoryRow>>();
    for (const item of items) {
      const district = districtOf(item.divisionCode);
      if (!districts.has(district))
        districts.set(district, new Map((await this.categoryRows(district)).map((c) => [c.key, c])));
    }
    const per = 5000;
    for (let i = 0; i < items.length; i += per) {
      const chunk = items.slice(i, i + per);
      const rows: ListingInsert[] = [];
      const terms: Parameters<ListingsRepository['insertTerms']>[0] = [];
      for (const item of chunk) {
        const district = districtOf(item.divisionCode);
        const category = districts.get(district)!.get(item.category);
        if (!category) throw new AppError('category_unknown', { key: item.category });
        const at = item.createdAt ?? this.now();
        const id = item.id ?? uuidv7({ msecs: at });
        const capacity = item.capacity ?? 1;
        rows.push({
          id,
          owner_id: item.ownerId,
          acted_by: null,
          direction: item.direction,
          kind: item.kind,
          title: item.title,
          description: item.description,
          district_code: district,
          category: item.category,
          tags: JSON.stringify(item.tags),
          division_code: item.divisionCode,
          compound_id: item.compoundId ?? null,
          availability: JSON.stringify(item.availability),
          deadline: null,
          minutes: item.minutes ?? null,
          points: null,
          required_verification: category.requiredVerification,
          capacity,
          open_slots: capacity,
          alerts: item.direction === 'offer' && item.alerts ? 1 : 0,
          status: 'open',
          expires_at: at + (item.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * DAY_MS,
          created_at: at,
          updated_at: at,
          closed_at: null,
        });
        const key = `${item.title}\u0000${item.description}\u0000${item.tags.join(',')}`;
        let t = termCache.get(key);
        if (!t) {
          t = listingTerms(item);
          termCache.set(key, t);
        }
        terms.push({ listingId: id, direction: item.direction, divisionCode: item.divisionCode, terms: t });
        ids.push(id);
      }
      await this.db.kysely.transaction().execute(async (trx) => {
        const repo = this.repo.with(trx);
        await repo.insert(rows);
        await repo.insertTerms(terms);
      });
      onProgress?.(Math.min(i + per, items.length), items.length);
    }
    this.invalidate();
    return ids;
  }

  /**
   * Rebuilds the search terms of every open or fulfilled listing (after the segmenter or the
   * synonyms change), a page at a time; the operator only. Returns how many were indexed.
   */
  async reindex(actor: Actor, onProgress?: (done: number) => void): Promise<number> {
    if (actor.kind !== 'system') throw new AppError('forbidden');
    let after = '';
    let done = 0;
    for (;;) {
      const page = await this.db.kysely
        .selectFrom('listings')
        .select(['id', 'direction', 'division_code', 'title', 'description', 'tags'])
        .where('status', 'in', ['open', 'fulfilled'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (page.length === 0) break;
      await this.db.kysely.transaction().execute(async (trx) => {
        const repo = this.repo.with(trx);
        for (const r of page)
          await repo.setTerms(
            r.id,
            r.direction,
            r.division_code,
            listingTerms({
              title: r.title,
              description: r.description,
              tags: JSON.parse(r.tags) as string[],
            }),
          );
      });
      done += page.length;
      after = page.at(-1)!.id;
      onProgress?.(done);
    }
    this.invalidate();
    return done;
  }

  /** Bumps the search cache generation (after writes made outside this service, e.g. seeding). */
  invalidate(): void {
    this.generation++;
    this.categoryCache.clear();
    this.dfCache.clear();
    this.totalCache = null;
  }
}

function personId(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.accountId : null;
}

function dedupeSlots<T extends { day: number; part: string }>(slots: readonly T[]): T[] {
  const seen = new Set<string>();
  return slots.filter((s) => {
    const k = `${s.day}:${s.part}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
