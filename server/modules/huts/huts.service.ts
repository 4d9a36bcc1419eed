import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  type CheckoutInput,
  type DeskMember,
  type DeskUnit,
  type Hold,
  type Hut,
  type HutInput,
  type Item,
  type ItemInput,
  type ItemPage,
  type ItemQuery,
  type ItemSummary,
  type Loan,
  NEIGHBOUR_LOAN_MAX_DAYS,
  type NeighbourRequest,
  type Policy,
  type PolicyRuleInput,
  type ReturnInput,
  type ReturnResult,
} from '../../../common/schemas/huts.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { fullCodeOf, levelOf, shortCodeOf } from '../divisions/division-codes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { Notifier } from '../notify/notify.service.js';
import type { DepositOps } from '../points/points.service.js';
import type { ReviewWindows } from '../reviews/reviews.service.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import type { JsonValue } from '../trustlog/log-entry.js';
import {
  dueDate,
  type HutCalendar,
  isOpen,
  isValidDate,
  localDate,
  nextOpenDay,
  pickupBy,
  validHours,
} from './hut-calendar.js';
import { indexTerms, queryCharacters, queryTerms } from './hut-search.js';
import {
  canKeep,
  canManageHuts,
  canSetPolicies,
  canSettle,
  resolvePolicy,
  sameDistrict,
} from './huts.policy.js';
import { presentHold, presentItem, presentLoan, presentUnit } from './huts.presenter.js';
import {
  type HoldRow,
  type HutRow,
  HutsRepository,
  type ItemRow,
  LIVE_HOLD,
  type LoanRow,
  OPEN_LOAN,
  parseHours,
  type UnitRow,
} from './huts.repository.js';

type Trx = Transaction<Database>;

/** The love bank's deposit primitive (PointsService.withDeposits): one transaction for both. */
export interface DepositBank {
  withDeposits<T>(work: (trx: Trx, deposits: DepositOps) => Promise<T>): Promise<T>;
}

/** Division names for hut pages (the divisions module answers). */
export interface HutDivisionNames {
  shortNames(codes: readonly string[]): Promise<Map<string, string>>;
}

interface HutContext {
  hut: HutRow;
  keeperIds: string[];
  calendar: HutCalendar;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A random code in Crockford base32 (no I, L, O, U): easy to read off a label if a scan fails. */
export function randomCode(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

function personOf(actor: Actor): string {
  if (actor.kind !== 'person') throw new AppError('unauthorized');
  return actor.accountId;
}

/**
 * A photo as stored: it must decode as JPEG, PNG or WebP (whatever its declared type), and is
 * re-encoded as WebP (at most 1200 px) with a 240 px thumbnail, which also drops EXIF data such
 * as where it was taken.
 */
/** How long a catalogue search page is served again, and how many pages are kept. */
const SEARCH_CACHE_MS = 2000;
const SEARCH_CACHE_MAX = 1000;

async function encodePhoto(input: Uint8Array): Promise<{ bytes: Buffer; thumb: Buffer }> {
  if (input.byteLength > 3 * 1024 * 1024) throw new AppError('payload_too_large');
  const { default: sharp } = await import('sharp');
  try {
    const image = sharp(input, { limitInputPixels: 40_000_000, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.format || !['jpeg', 'png', 'webp'].includes(meta.format)) throw new Error('format');
    const bytes = await image
      .clone()
      .rotate()
      .resize(1200, 1200, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    const thumb = await image
      .clone()
      .rotate()
      .resize(240, 240, { fit: 'cover' })
      .webp({ quality: 70 })
      .toBuffer();
    return { bytes, thumb };
  } catch {
    throw new AppError('hut_photo_invalid');
  }
}

function actorId(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.accountId : null;
}

/**
 * Sharing huts and lending. Huts, the catalogue (items, units, pooled stock), lending policies,
 * holds (a fair queue per item), desk loans and returns, neighbour-to-neighbour loans, damage and
 * reports. Every state change is a conditional update inside the service's transaction, so two
 * people racing for the last copy get exactly one loan and one clear problem; check-outs and
 * returns append to the trust log in that same transaction (people as pseudonyms only).
 */
export class HutsService {
  constructor(
    private readonly db: Db,
    private readonly log: LogAppender,
    private readonly people: IdentityDirectory,
    private readonly divisions: HutDivisionNames,
    private readonly notifier: Notifier,
    private readonly bank: DepositBank | null = null,
    private readonly now: () => number = Date.now,
    /** Lender and borrower of a neighbour loan review each other once it is back. */
    private readonly reviews: ReviewWindows | null = null,
  ) {}

  private readonly searchCache = new Map<string, { at: number; page: ItemPage }>();

  /**
   * A transaction for a change that may move a deposit: inside the love bank's write transaction
   * when there is one (the loan and its deposit commit together), else a plain one.
   */
  private ledgerTx<T>(
    run: (trx: Trx, repo: HutsRepository, deposits: DepositOps | null) => Promise<T>,
  ): Promise<T> {
    if (!this.bank) return this.tx((trx, repo) => run(trx, repo, null));
    return this.bank
      .withDeposits((trx, deposits) => run(trx, this.repo(trx), deposits))
      .finally(() => this.searchCache.clear());
  }

  private repo(trx?: Trx): HutsRepository {
    return new HutsRepository(trx ?? this.db.kysely, this.db.dialect);
  }

  private tx<T>(run: (trx: Trx, repo: HutsRepository) => Promise<T>): Promise<T> {
    return this.db.kysely
      .transaction()
      .execute((trx) => run(trx, this.repo(trx)))
      .finally(() => this.searchCache.clear());
  }

  // ---- huts -----------------------------------------------------------------------------------

  private async context(hutId: string, repo = this.repo()): Promise<HutContext> {
    const hut = await repo.hut(hutId);
    if (!hut || Number(hut.active) !== 1) throw new AppError('hut_not_found');
    const [keeperIds, closures] = await Promise.all([repo.keepers(hutId), repo.closures(hutId)]);
    return {
      hut,
      keeperIds,
      calendar: { hours: parseHours(hut.hours), closures: new Set(closures.map((c) => c.date)) },
    };
  }

  private async keeperContext(actor: Actor, hutId: string, repo = this.repo()): Promise<HutContext> {
    const ctx = await this.context(hutId, repo);
    if (!canKeep(actor, { communityCode: ctx.hut.community_code, keeperIds: ctx.keeperIds }))
      throw new AppError('forbidden');
    return ctx;
  }

  /** Opens a hut in a community (staff of that community). */
  async createHut(actor: Actor, input: HutInput): Promise<Hut> {
    if (levelOf(input.communityCode) !== 'community') throw new AppError('points_community_required');
    if (!canManageHuts(actor, input.communityCode)) throw new AppError('forbidden');
    if (!validHours(input.hours)) throw new AppError('hut_hours_invalid');
    const names = await this.divisions.shortNames([input.communityCode]);
    if (!names.has(input.communityCode))
      throw new AppError('division_not_found', { code: input.communityCode });
    const id = uuidv7();
    const at = this.now();
    await this.repo().insertHut({
      id,
      community_code: input.communityCode,
      name: input.name.trim(),
      address: input.address.trim(),
      hours: JSON.stringify(input.hours),
      active: 1,
      created_at: at,
      updated_at: at,
    });
    return this.hut(actor, id);
  }

  async updateHut(actor: Actor, hutId: string, input: Omit<HutInput, 'communityCode'>): Promise<Hut> {
    const ctx = await this.context(hutId);
    if (!canManageHuts(actor, ctx.hut.community_code)) throw new AppError('forbidden');
    if (!validHours(input.hours)) throw new AppError('hut_hours_invalid');
    await this.repo().updateHut(hutId, {
      name: input.name.trim(),
      address: input.address.trim(),
      hours: JSON.stringify(input.hours),
      updated_at: this.now(),
    });
    return this.hut(actor, hutId);
  }

  async addKeeper(actor: Actor, hutId: string, accountId: string): Promise<Hut> {
    const ctx = await this.context(hutId);
    if (!canManageHuts(actor, ctx.hut.community_code)) throw new AppError('forbidden');
    const person = await this.people.person(accountId);
    if (!person?.active) throw new AppError('not_found');
    await this.repo().addKeeper(hutId, accountId, this.now());
    return this.hut(actor, hutId);
  }

  async removeKeeper(actor: Actor, hutId: string, accountId: string): Promise<Hut> {
    const ctx = await this.context(hutId);
    if (!canManageHuts(actor, ctx.hut.community_code)) throw new AppError('forbidden');
    if (!(await this.repo().removeKeeper(hutId, accountId))) throw new AppError('not_found');
    return this.hut(actor, hutId);
  }

  /**
   * A dated closure or holiday. Loans due that day move to the next open day and ready holds'
   * pickup days are counted again (the hold clock pauses while the hut is closed).
   */
  async addClosure(actor: Actor, hutId: string, input: { date: string; reason: string }): Promise<Hut> {
    if (!isValidDate(input.date)) throw new AppError('hut_date_invalid');
    await this.tx(async (_trx, repo) => {
      const ctx = await this.keeperContext(actor, hutId, repo);
      const at = this.now();
      await repo.addClosure(hutId, input.date, input.reason, at);
      const calendar: HutCalendar = {
        ...ctx.calendar,
        closures: new Set([...ctx.calendar.closures, input.date]),
      };
      for (const loan of await repo.activeLoansDueOn(hutId, input.date)) {
        const moved = nextOpenDay(calendar, input.date);
        await repo.updateLoan(loan.id, Number(loan.version), { due_date: moved, updated_at: at });
        await this.event(repo, {
          itemId: loan.item_id,
          unitId: loan.unit_id,
          loanId: loan.id,
          actor,
          kind: 'due_moved',
          data: { from: input.date, to: moved, reason: 'closure' },
        });
      }
      const policyCache = new Map<string, Policy>();
      for (const hold of await repo.readyHoldsOfHutOn(hutId, input.date)) {
        if (!hold.ready_at) continue;
        const item = (await repo.item(hold.item_id))!;
        const policy =
          policyCache.get(item.category) ??
          (await this.policyFor(ctx.hut, hold.member_id, item.category, repo)).policy;
        policyCache.set(item.category, policy);
        const moved = pickupBy(calendar, localDate(Number(hold.ready_at)), policy.pickupDays);
        await repo.moveHold(hold.id, ['ready'], { pickup_by: moved, updated_at: at });
      }
    });
    return this.hut(actor, hutId);
  }

  async removeClosure(actor: Actor, hutId: string, date: string): Promise<Hut> {
    await this.keeperContext(actor, hutId);
    if (!(await this.repo().removeClosure(hutId, date))) throw new AppError('not_found');
    return this.hut(actor, hutId);
  }

  /** A hut's page data (public: the catalogue is for every neighbour). */
  async hut(actor: Actor, hutId: string): Promise<Hut> {
    const repo = this.repo();
    const ctx = await this.context(hutId, repo);
    const [names, counts, closures] = await Promise.all([
      this.divisions.shortNames([ctx.hut.community_code]),
      repo.itemCounts([hutId]),
      repo.closures(hutId, localDate(this.now())),
    ]);
    return this.presentHut(actor, ctx, names, counts, closures);
  }

  private presentHut(
    actor: Actor,
    ctx: HutContext,
    names: Map<string, string>,
    counts: Map<string, number>,
    closures: { date: string; reason: string }[],
  ): Hut {
    return {
      id: ctx.hut.id,
      communityCode: ctx.hut.community_code,
      communityName: names.get(ctx.hut.community_code) ?? ctx.hut.community_code,
      name: ctx.hut.name,
      address: ctx.hut.address,
      hours: ctx.calendar.hours,
      closures,
      openToday: isOpen(ctx.calendar, localDate(this.now())),
      itemCount: counts.get(ctx.hut.id) ?? 0,
      abilities: {
        keep: canKeep(actor, { communityCode: ctx.hut.community_code, keeperIds: ctx.keeperIds }),
      },
    };
  }

  /** Huts of a community, or of every community under a street or district. */
  async huts(actor: Actor, divisionCode: string): Promise<Hut[]> {
    if (!/^\d{12}$/.test(divisionCode)) throw new AppError('invalid_division_code');
    const repo = this.repo();
    const rows =
      levelOf(divisionCode) === 'community'
        ? await repo.hutsOf(divisionCode)
        : await repo.hutsUnder(shortCodeOf(divisionCode));
    const [names, counts] = await Promise.all([
      this.divisions.shortNames([...new Set(rows.map((r) => r.community_code))]),
      repo.itemCounts(rows.map((r) => r.id)),
    ]);
    const today = localDate(this.now());
    const out: Hut[] = [];
    for (const row of rows.slice(0, 500)) {
      const ctx = await this.context(row.id, repo);
      out.push(this.presentHut(actor, ctx, names, counts, await repo.closures(row.id, today)));
    }
    return out;
  }

  // ---- policies -------------------------------------------------------------------------------

  private async memberKind(memberId: string, repo: HutsRepository): Promise<string> {
    return (await this.people.verificationLevels([memberId], repo.db)).get(memberId) ?? 'phone';
  }

  private async policyFor(
    hut: HutRow,
    memberId: string,
    category: string,
    repo = this.repo(),
  ): Promise<{ policy: Policy; source: string }> {
    const district = hut.community_code.slice(0, 6);
    const rules = await repo.policyRules(district);
    return resolvePolicy(rules, {
      hutId: hut.id,
      memberKind: await this.memberKind(memberId, repo),
      category,
    });
  }

  /** A lending rule for a district, optionally narrowed to a hut, a member kind and a category. */
  async setPolicy(actor: Actor, input: PolicyRuleInput): Promise<void> {
    const district = input.districtCode.slice(0, 6);
    if (!canSetPolicies(actor, fullCodeOf(district))) throw new AppError('forbidden');
    if (input.hutId) {
      const hut = await this.repo().hut(input.hutId);
      if (!hut || hut.community_code.slice(0, 6) !== district) throw new AppError('hut_not_found');
    }
    const p = input.policy;
    await this.repo().insertPolicy({
      id: uuidv7(),
      district_code: district,
      hut_id: input.hutId ?? null,
      member_kind: input.memberKind ?? null,
      category: input.category ?? null,
      loan_days: p.loanDays,
      max_renewals: p.maxRenewals,
      max_loans: p.maxLoans,
      max_holds: p.maxHolds,
      pickup_days: p.pickupDays,
      deposit_points: p.depositPoints,
      needs_approval: p.needsApproval ? 1 : 0,
      created_by: actorId(actor),
      created_at: this.now(),
    });
  }

  /** The policy that applies to me (or, for keepers, to a member) borrowing an item. */
  async resolvedPolicy(actor: Actor, itemId: string): Promise<{ policy: Policy; source: string }> {
    const me = personOf(actor);
    const item = await this.activeItem(itemId);
    const ctx = await this.context(item.hut_id);
    return this.policyFor(ctx.hut, me, item.category);
  }

  // ---- catalogue ------------------------------------------------------------------------------

  private async activeItem(itemId: string, repo = this.repo()): Promise<ItemRow> {
    const item = await repo.item(itemId);
    if (item?.status !== 'active') throw new AppError('hut_item_not_found');
    return item;
  }

  private async newLabels(repo: HutsRepository, n: number): Promise<string[]> {
    const labels: string[] = [];
    while (labels.length < n) {
      const label = randomCode('LL', 8);
      if (!(await repo.unitByLabel(label)) && !labels.includes(label)) labels.push(label);
    }
    return labels;
  }

  /** A hut-owned item (donated or bought) with its labelled copies or pooled stock (keepers). */
  async addItem(actor: Actor, hutId: string, input: ItemInput): Promise<Item> {
    const ctx = await this.keeperContext(actor, hutId);
    if (input.donorId) {
      const donor = await this.people.person(input.donorId);
      if (!donor) throw new AppError('not_found');
    }
    const id = await this.tx(async (trx, repo) =>
      this.insertItem(trx, repo, ctx.hut, input, 'hut', null, actor),
    );
    return this.item(actor, id);
  }

  /** A resident lists their own thing for neighbours (one labelled copy, lent by them). */
  async offerItem(actor: Actor, hutId: string, input: ItemInput): Promise<Item> {
    const me = personOf(actor);
    const ctx = await this.context(hutId);
    const person = await this.people.person(me);
    if (!sameDistrict(person?.homeDivision ?? null, ctx.hut.community_code))
      throw new AppError('hut_other_district');
    const id = await this.tx(async (trx, repo) =>
      this.insertItem(
        trx,
        repo,
        ctx.hut,
        { ...input, units: 1, pooled: false, consumable: false, stock: 0, donorId: null },
        'resident',
        me,
        actor,
      ),
    );
    return this.item(actor, id);
  }

  private async insertItem(
    _trx: Trx,
    repo: HutsRepository,
    hut: HutRow,
    input: ItemInput,
    ownerKind: 'hut' | 'resident',
    ownerId: string | null,
    actor: Actor,
  ): Promise<string> {
    const at = this.now();
    const id = uuidv7();
    const pooled = !!input.pooled;
    const stock = pooled ? (input.stock ?? 0) : 0;
    await repo.insertItem({
      id,
      hut_id: hut.id,
      community_code: hut.community_code,
      owner_kind: ownerKind,
      owner_id: ownerId,
      donor_id: ownerKind === 'hut' ? (input.donorId ?? null) : null,
      donor_note: ownerKind === 'hut' ? (input.donorNote ?? null) : null,
      title: input.title.trim(),
      description: (input.description ?? '').trim(),
      category: input.category,
      condition: input.condition,
      accessories: JSON.stringify(input.accessories ?? []),
      sanitise_after_return: input.sanitiseAfterReturn ? 1 : 0,
      safety_check: input.safetyCheck ? 1 : 0,
      deposit_points: input.depositPoints ?? null,
      loan_days: input.loanDays ?? null,
      pooled: pooled ? 1 : 0,
      consumable: pooled && input.consumable ? 1 : 0,
      stock_total: stock,
      stock_available: stock,
      status: 'active',
      loan_count: 0,
      last_loan_at: null,
      created_at: at,
      updated_at: at,
    });
    const count = pooled ? 0 : (input.units ?? 1);
    const labels = await this.newLabels(repo, count);
    await repo.insertUnits(
      labels.map((label) => ({
        id: uuidv7(),
        item_id: id,
        label,
        status: 'available',
        condition: input.condition,
        note: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })),
    );
    await repo.setTerms(
      id,
      hut.community_code,
      indexTerms({ title: input.title, description: input.description ?? '', category: input.category }),
    );
    await this.event(repo, {
      itemId: id,
      actor,
      kind: input.donorId ? 'donated' : 'added',
      data: { units: count, stock },
    });
    return id;
  }

  /** Many items at once for the seed: one transaction per batch, labels made without lookups. */
  async addItemsBulk(actor: Actor, hutId: string, inputs: ItemInput[]): Promise<number> {
    const ctx = await this.keeperContext(actor, hutId);
    await this.tx(async (trx, repo) => {
      for (const input of inputs) await this.insertItem(trx, repo, ctx.hut, input, 'hut', null, actor);
    });
    return inputs.length;
  }

  /**
   * Refreshes the planner's statistics after a bulk load (the seed), so catalogue searches use
   * the ranked index at once instead of waiting for autovacuum (PostgreSQL) or never (SQLite).
   */
  async afterBulkLoad(actor: Actor): Promise<void> {
    if (actor.kind !== 'system') throw new AppError('forbidden');
    await this.repo().analyze();
  }

  private async nicknames(ids: (string | null)[]): Promise<Map<string, string>> {
    const people = await this.people.people(ids.filter((x): x is string => !!x));
    return new Map([...people].map(([id, p]) => [id, p.nickname]));
  }

  /** An item's page: copies and their state, queue length, photos and what I may do. */
  async item(actor: Actor, itemId: string): Promise<Item> {
    const repo = this.repo();
    const row = await repo.item(itemId);
    if (!row) throw new AppError('hut_item_not_found');
    const ctx = await this.context(row.hut_id, repo);
    const keep = canKeep(actor, { communityCode: row.community_code, keeperIds: ctx.keeperIds });
    if (row.status !== 'active' && !keep) throw new AppError('hut_item_not_found');
    const [units, waiting, nicknames, photos] = await Promise.all([
      repo.units(itemId),
      repo.waitingCount([itemId]),
      this.nicknames([row.owner_id, row.donor_id]),
      repo.photos(itemId),
    ]);
    const me = actorId(actor);
    const active = row.status === 'active';
    return presentItem(row, {
      units,
      waiting: waiting.get(itemId) ?? 0,
      nicknames,
      photos,
      abilities: {
        keep,
        hold: active && !!me && row.owner_kind === 'hut' && !(Number(row.consumable) === 1),
        request: active && !!me && row.owner_kind === 'resident' && row.owner_id !== me,
      },
    });
  }

  /** The catalogue: by hut or division, category, availability and Chinese-aware text search. */
  /**
   * The catalogue, searched. The same page for every reader, so a page is kept for up to
   * SEARCH_CACHE_MS (a busy desk and many residents ask the same few words); any write through
   * this process clears it, and another process's write shows within that time.
   */
  async search(_actor: Actor, query: ItemQuery): Promise<ItemPage> {
    const key = JSON.stringify([
      query.hut,
      query.community,
      query.category,
      query.available,
      query.q?.trim(),
      query.cursor,
      query.limit,
    ]);
    const now = this.now();
    const cached = this.searchCache.get(key);
    if (cached && now - cached.at < SEARCH_CACHE_MS) return cached.page;
    const page = await this.searchUncached(query);
    if (this.searchCache.size >= SEARCH_CACHE_MAX) {
      const oldest = this.searchCache.keys().next().value;
      if (oldest !== undefined) this.searchCache.delete(oldest);
    }
    this.searchCache.set(key, { at: now, page });
    return page;
  }

  private async searchUncached(query: ItemQuery): Promise<ItemPage> {
    const limit = query.limit ?? 20;
    let communityPrefix: string | undefined;
    if (query.community) {
      if (!/^\d{12}$/.test(query.community)) throw new AppError('invalid_division_code');
      communityPrefix =
        levelOf(query.community) === 'community' ? query.community : shortCodeOf(query.community);
    }
    // Cursor: `t<score>.<id>` for ranked word matches, `c…` for the character fallback,
    // `l0.<id>` for the title fallback.
    let after: { score: number; id: string } | undefined;
    let mode: 't' | 'c' | 'l' = 't';
    if (query.cursor) {
      const m = /^([tcl])(\d+)\.([0-9a-f-]{36})$/.exec(query.cursor);
      if (!m) throw new AppError('bad_request');
      mode = m[1] as 't' | 'c' | 'l';
      after = { score: Number(m[2]), id: m[3]! };
    }
    const text = query.q?.trim() ?? '';
    const terms = text ? queryTerms(text) : [];
    const chars = text ? queryCharacters(text) : [];
    const repo = this.repo();
    const base = {
      hutId: query.hut,
      communityPrefix,
      category: query.category,
      available: query.available,
      after,
      limit: limit + 1,
    };
    let rows = mode === 't' ? await repo.search({ ...base, terms, likeText: null }) : [];
    const fresh = rows.length === 0 && !after;
    // A Chinese word the dictionary splits differently (烤箱 in 电烤箱): every character of it in
    // the title, through the same index (titles are indexed by character too).
    if (chars.length && (mode === 'c' || (mode === 't' && fresh))) {
      mode = 'c';
      rows = await repo.search({ ...base, terms: chars, likeText: null });
    }
    // Other text (a model number's fragment): the title, scanned, so only within one hut or
    // community; district-wide it would read every item.
    const narrow = !!query.hut || communityPrefix?.length === 12;
    if (text && narrow && (mode === 'l' || (rows.length === 0 && !after))) {
      mode = 'l';
      rows = await repo.search({ ...base, terms: [], likeText: text });
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // The queue of every item on the page in one grouped read.
    const waiting = await repo.waitingCount(page.map((r) => r.id));
    return {
      items: page.map((r) => {
        const pooled = Number(r.pooled) === 1;
        return {
          id: r.id,
          hutId: r.hut_id,
          title: r.title,
          category: r.category,
          ownerKind: r.owner_kind,
          available: pooled ? Number(r.stock_available) : r.unitsAvailable,
          total: pooled ? Number(r.stock_total) : r.unitsTotal,
          thumbUrl: r.thumbId ? `/api/huts/items/${r.id}/photos/${r.thumbId}?size=thumb` : null,
          condition: r.condition as ItemSummary['condition'],
          sanitiseAfterReturn: Number(r.sanitise_after_return) === 1,
          safetyCheck: Number(r.safety_check) === 1,
          depositPoints: r.deposit_points === null ? null : Number(r.deposit_points),
          consumable: Number(r.consumable) === 1,
          waiting: waiting.get(r.id) ?? 0,
        };
      }),
      cursor: rows.length > limit && last ? `${mode}${last.score}.${last.id}` : null,
    };
  }

  /** Withdraws an item: refused while any copy is out; waiting and ready holds are cancelled. */
  async retireItem(actor: Actor, itemId: string, reason: string): Promise<Item> {
    await this.tx(async (trx, repo) => {
      const item = await repo.lockItem(itemId);
      if (item?.status !== 'active') throw new AppError('hut_item_not_found');
      if (item.owner_kind === 'resident') {
        if (actorId(actor) !== item.owner_id) await this.keeperContext(actor, item.hut_id, repo);
      } else await this.keeperContext(actor, item.hut_id, repo);
      const at = this.now();
      // Units first: a check-out racing with this either committed before (counted below, and
      // the whole retirement rolls back) or finds its unit retired.
      const out = await repo.retireUnitsOf(itemId, at);
      const pooledOut =
        Number(item.pooled) === 1 && Number(item.consumable) === 0 && item.stock_available < item.stock_total;
      if (out > 0 || pooledOut) throw new AppError('hut_item_on_loan');
      for (const hold of await repo.queue(itemId, LIVE_HOLD)) {
        await repo.moveHold(hold.id, LIVE_HOLD, { status: 'cancelled', updated_at: at });
        await this.notifier.notifyInTransaction(trx, [hold.member_id], 'huts.hold_cancelled', {
          holdId: hold.id,
          itemId,
          reason: 'retired',
        });
      }
      await repo.retireItem(itemId, at);
      await this.event(repo, { itemId, actor, kind: 'retired', data: { reason } });
    });
    return this.item(actor, itemId);
  }

  /** Retires one copy (lost for good, worn out): refused while it is on loan. */
  async retireUnit(actor: Actor, unitId: string, reason: string): Promise<Item> {
    const unit = await this.repo().unit(unitId);
    if (!unit) throw new AppError('hut_label_unknown');
    const item = await this.activeItem(unit.item_id);
    await this.tx(async (trx, repo) => {
      await this.keeperContext(actor, item.hut_id, repo);
      const at = this.now();
      const current = (await repo.unit(unitId))!;
      if (current.status === 'on_loan') throw new AppError('hut_item_on_loan');
      if (current.status === 'on_hold') {
        const hold = await repo.readyHoldOfUnit(unitId);
        if (hold) {
          // Back to the front of the line, to be served by another copy.
          await repo.moveHold(hold.id, ['ready'], {
            status: 'waiting',
            unit_id: null,
            ready_at: null,
            pickup_by: null,
            updated_at: at,
          });
        }
        const open = await repo.openLoanOfUnit(unitId);
        if (open) throw new AppError('hut_item_on_loan');
      }
      if (
        !(await repo.moveUnit(unitId, ['available', 'on_hold', 'sanitising', 'maintenance'], 'retired', at))
      )
        throw new AppError('hut_item_on_loan');
      await this.event(repo, { itemId: item.id, unitId, actor, kind: 'unit_retired', data: { reason } });
      await this.allocate(trx, repo, item.id);
    });
    return this.item(actor, item.id);
  }

  async history(actor: Actor, itemId: string) {
    const item = await this.repo().item(itemId);
    if (!item) throw new AppError('hut_item_not_found');
    await this.keeperContext(actor, item.hut_id);
    const rows = await this.repo().events(itemId, 200);
    return {
      items: rows.map((r) => ({
        kind: r.kind,
        unitLabel: r.label ?? null,
        data: JSON.parse(r.data) as Record<string, unknown>,
        logIndex: r.log_index === null ? null : Number(r.log_index),
        createdAt: Number(r.created_at),
      })),
    };
  }

  // ---- photos ---------------------------------------------------------------------------------

  /** A photo, re-encoded (drops EXIF such as where it was taken) with a thumbnail. */
  async addPhoto(actor: Actor, itemId: string, input: Uint8Array): Promise<Item> {
    const item = await this.activeItem(itemId);
    if (item.owner_kind === 'resident' ? actorId(actor) !== item.owner_id : true)
      await this.keeperContext(actor, item.hut_id);
    const { bytes, thumb } = await encodePhoto(input);
    await this.tx(async (_trx, repo) => {
      const photos = await repo.photos(itemId);
      if (photos.length >= 6) throw new AppError('hut_photo_invalid');
      const position = photos.length ? Math.max(...photos.map((p) => Number(p.position))) + 1 : 0;
      await repo.insertPhoto({
        id: uuidv7(),
        item_id: itemId,
        position,
        content_type: 'image/webp',
        bytes,
        thumb,
        created_at: this.now(),
      });
    });
    return this.item(actor, itemId);
  }

  async photo(itemId: string, photoId: string, size: 'full' | 'thumb') {
    const row = await this.repo().photo(itemId, photoId);
    if (!row) throw new AppError('not_found');
    return { contentType: row.content_type, bytes: Buffer.from(size === 'thumb' ? row.thumb : row.bytes) };
  }

  // ---- member codes ---------------------------------------------------------------------------

  /** My member code for the desk to scan: random and opaque, made on first use. */
  async memberCode(actor: Actor): Promise<string> {
    const me = personOf(actor);
    const repo = this.repo();
    const existing = await repo.memberCodeOf(me);
    if (existing) return existing;
    await repo.insertMemberCode(me, randomCode('LM', 12), this.now());
    return (await repo.memberCodeOf(me))!;
  }

  private async memberByCode(code: string, hut: HutRow): Promise<string> {
    const memberId = await this.repo().memberByCode(code.trim().toUpperCase());
    if (!memberId) throw new AppError('hut_member_unknown');
    const person = await this.people.person(memberId);
    if (!person?.active) throw new AppError('hut_member_unknown');
    if (!sameDistrict(person.homeDivision, hut.community_code)) throw new AppError('hut_other_district');
    return memberId;
  }

  // ---- holds ----------------------------------------------------------------------------------

  /**
   * Joins the queue for an item. When a copy is free and nobody waits, the hold is ready at once
   * (that copy kept for me); two members reaching for the last copy at once: one gets it (the
   * conditional update on the unit), the other waits first in line.
   */
  async placeHold(actor: Actor, itemId: string): Promise<Hold> {
    const me = personOf(actor);
    const person = await this.people.person(me);
    const id = await this.tx(async (trx, repo) => {
      const item = await repo.lockItem(itemId);
      if (item?.status !== 'active' || item.owner_kind !== 'hut' || Number(item.consumable) === 1)
        throw new AppError('hut_item_not_found');
      const ctx = await this.context(item.hut_id, repo);
      if (!sameDistrict(person?.homeDivision ?? null, item.community_code))
        throw new AppError('hut_other_district');
      if (await repo.liveHold(itemId, me)) throw new AppError('hut_already_held');
      if (await repo.memberHasItem(me, itemId)) throw new AppError('hut_already_borrowed');
      const { policy } = await this.policyFor(ctx.hut, me, item.category, repo);
      await repo.lockMember(me, randomCode('LM', 12), this.now());
      if ((await repo.countMemberHolds(me)) >= policy.maxHolds)
        throw new AppError('hut_hold_limit', { max: policy.maxHolds });
      const at = this.now();
      const holdId = uuidv7();
      try {
        await repo.insertHold({
          id: holdId,
          item_id: itemId,
          member_id: me,
          status: 'waiting',
          position: at,
          unit_id: null,
          ready_at: null,
          pickup_by: null,
          reorder_reason: null,
          approved: policy.needsApproval ? 0 : 1,
          version: 1,
          created_at: at,
          updated_at: at,
        });
      } catch (error) {
        // The partial unique index: the same member holding twice at the same instant.
        if (/unique|duplicate/i.test((error as Error).message)) throw new AppError('hut_already_held');
        throw error;
      }
      await this.event(repo, { itemId, holdId, actor, kind: 'hold_placed', data: {} });
      await this.allocate(trx, repo, itemId);
      return holdId;
    });
    return this.presentHoldById(id);
  }

  /**
   * Gives free copies to the queue in order: for each waiting hold (first in line first), take an
   * available unit (conditional update) or pooled stock; the hold becomes ready with a pickup day.
   */
  private async allocate(trx: Trx, repo: HutsRepository, itemId: string): Promise<string | null> {
    const item = await repo.item(itemId);
    if (item?.status !== 'active') return null;
    // Holds waiting for staff approval keep their place but are not served yet.
    const queue = await repo.queue(itemId, ['waiting'], true);
    if (queue.length === 0) return null;
    const ctx = await this.context(item.hut_id, repo);
    const at = this.now();
    const today = localDate(at);
    let firstReady: string | null = null;
    for (const hold of queue) {
      let unitId: string | null = null;
      if (Number(item.pooled) === 1) {
        if (!(await repo.takeStock(itemId, 1, false, at))) break;
      } else {
        for (const candidate of await repo.availableUnitIds(itemId)) {
          if (await repo.moveUnit(candidate, ['available'], 'on_hold', at)) {
            unitId = candidate;
            break;
          }
        }
        if (!unitId) break;
      }
      const { policy } = await this.policyFor(ctx.hut, hold.member_id, item.category, repo);
      const by = pickupBy(ctx.calendar, today, policy.pickupDays);
      if (
        !(await repo.moveHold(hold.id, ['waiting'], {
          status: 'ready',
          unit_id: unitId,
          ready_at: at,
          pickup_by: by,
          updated_at: at,
        }))
      ) {
        // Cancelled meanwhile: give the copy back and go on down the line.
        if (unitId) await repo.moveUnit(unitId, ['on_hold'], 'available', at);
        else await repo.giveBackStock(itemId, 1, at);
        continue;
      }
      firstReady ??= hold.id;
      await this.event(repo, {
        itemId,
        unitId,
        holdId: hold.id,
        actor: null,
        kind: 'hold_ready',
        data: { pickupBy: by },
      });
      await this.notifier.notifyInTransaction(trx, [hold.member_id], 'huts.hold_ready', {
        holdId: hold.id,
        itemId,
        title: item.title,
        pickupBy: by,
      });
    }
    return firstReady;
  }

  /** Cancels my hold (or, for keepers, anyone's); a kept copy goes to the next in line. */
  async cancelHold(actor: Actor, holdId: string): Promise<Hold> {
    const repo0 = this.repo();
    const hold = await repo0.hold(holdId);
    if (!hold) throw new AppError('hut_hold_not_found');
    const item = (await repo0.item(hold.item_id))!;
    if (actorId(actor) !== hold.member_id) {
      const ctx = await this.context(item.hut_id);
      if (!canKeep(actor, { communityCode: item.community_code, keeperIds: ctx.keeperIds }))
        throw new AppError('hut_hold_not_found');
    }
    await this.tx(async (trx, repo) => {
      const at = this.now();
      if (!(await repo.moveHold(holdId, LIVE_HOLD, { status: 'cancelled', updated_at: at }))) {
        const now = (await repo.hold(holdId))!;
        throw new AppError('hut_hold_state', { status: now.status });
      }
      await this.releaseHeldCopy(trx, repo, hold, item, at);
      await this.event(repo, { itemId: item.id, holdId, actor, kind: 'hold_cancelled', data: {} });
    });
    return this.presentHoldById(holdId);
  }

  /** A ready hold ended (cancelled, expired): its kept copy becomes free and goes down the line. */
  private async releaseHeldCopy(trx: Trx, repo: HutsRepository, hold: HoldRow, item: ItemRow, at: number) {
    if (hold.status !== 'ready') return;
    if (hold.unit_id) await repo.moveUnit(hold.unit_id, ['on_hold'], 'available', at);
    else if (Number(item.pooled) === 1) await repo.giveBackStock(item.id, 1, at);
    await this.allocate(trx, repo, item.id);
  }

  /**
   * Ready holds not collected by their pickup day expire; their copies go to the next in line.
   * For the jobs runner (daily, after midnight China time). Returns how many expired.
   */
  async expireHolds(now = this.now()): Promise<number> {
    const today = localDate(now);
    let expired = 0;
    for (;;) {
      const batch = await this.repo().expiredReadyHolds(today, 100);
      if (batch.length === 0) return expired;
      for (const hold of batch) {
        await this.tx(async (trx, repo) => {
          if (!(await repo.moveHold(hold.id, ['ready'], { status: 'expired', updated_at: now }))) return;
          expired += 1;
          const item = (await repo.item(hold.item_id))!;
          await this.event(repo, {
            itemId: item.id,
            holdId: hold.id,
            actor: null,
            kind: 'hold_expired',
            data: {},
          });
          await this.notifier.notifyInTransaction(trx, [hold.member_id], 'huts.hold_expired', {
            holdId: hold.id,
            itemId: item.id,
            title: item.title,
          });
          await this.releaseHeldCopy(trx, repo, hold, item, now);
        });
      }
      if (batch.length < 100) return expired;
    }
  }

  async myHolds(actor: Actor): Promise<Hold[]> {
    const me = personOf(actor);
    const rows = await this.repo().memberHolds(me, LIVE_HOLD);
    return Promise.all(rows.map((r) => this.presentHoldById(r.id)));
  }

  private async presentHoldById(holdId: string): Promise<Hold> {
    const repo = this.repo();
    const hold = (await repo.hold(holdId))!;
    const item = (await repo.item(hold.item_id))!;
    const unit = hold.unit_id ? await repo.unit(hold.unit_id) : undefined;
    let place = 0;
    if (hold.status === 'waiting') {
      const queue = await repo.queue(hold.item_id);
      place = queue.findIndex((h) => h.id === holdId) + 1;
    }
    return presentHold(hold, {
      itemTitle: item.title,
      hutId: item.hut_id,
      place,
      unitLabel: unit?.label ?? null,
    });
  }

  /** The queue of an item for its keepers (nicknames only). */
  async queue(actor: Actor, itemId: string) {
    const item = await this.activeItem(itemId);
    await this.keeperContext(actor, item.hut_id);
    const rows = await this.repo().queue(itemId, LIVE_HOLD);
    const names = await this.nicknames(rows.map((r) => r.member_id));
    let place = 0;
    return {
      items: rows.map((r) => ({
        holdId: r.id,
        memberNickname: names.get(r.member_id) ?? '',
        status: r.status as Hold['status'],
        place: r.status === 'waiting' ? ++place : 0,
        reorderReason: r.reorder_reason,
        approved: Number(r.approved) === 1,
        createdAt: Number(r.created_at),
      })),
    };
  }

  /** Staff move a waiting hold to another place in line, saying why (recorded in the history). */
  async reorderHold(actor: Actor, holdId: string, input: { place: number; reason: string }): Promise<Hold> {
    const hold = await this.repo().hold(holdId);
    if (!hold) throw new AppError('hut_hold_not_found');
    const item = await this.activeItem(hold.item_id);
    await this.tx(async (trx, repo) => {
      await this.keeperContext(actor, item.hut_id, repo);
      await repo.lockItem(item.id);
      const queue = (await repo.queue(item.id)).filter((h) => h.id !== holdId);
      const current = await repo.hold(holdId);
      if (current?.status !== 'waiting')
        throw new AppError('hut_hold_state', { status: current?.status ?? '' });
      const index = Math.min(input.place, queue.length + 1) - 1;
      const before = queue[index - 1];
      const after = queue[index];
      // A position between its new neighbours (positions are epoch ms, so there is room).
      let position: number;
      if (!before && !after) position = Number(current.position);
      else if (!before) position = Number(after!.position) - 1000;
      else if (!after) position = Number(before.position) + 1000;
      else position = Math.floor((Number(before.position) + Number(after.position)) / 2);
      const at = this.now();
      await repo.moveHold(holdId, ['waiting'], { position, reorder_reason: input.reason, updated_at: at });
      await this.event(repo, {
        itemId: item.id,
        holdId,
        actor,
        kind: 'hold_reordered',
        data: { place: index + 1, reason: input.reason },
      });
      await this.allocate(trx, repo, item.id);
    });
    return this.presentHoldById(holdId);
  }

  /** Staff approve a hold that the policy makes wait for approval; it is then served in turn. */
  async approveHold(actor: Actor, holdId: string): Promise<Hold> {
    const hold = await this.repo().hold(holdId);
    if (!hold) throw new AppError('hut_hold_not_found');
    const item = await this.activeItem(hold.item_id);
    await this.tx(async (trx, repo) => {
      await this.keeperContext(actor, item.hut_id, repo);
      await repo.lockItem(item.id);
      const current = await repo.hold(holdId);
      if (current?.status !== 'waiting' || Number(current.approved) === 1)
        throw new AppError('hut_hold_state', { status: current?.status ?? '' });
      await repo.moveHold(holdId, ['waiting'], { approved: 1, updated_at: this.now() });
      await this.event(repo, { itemId: item.id, holdId, actor, kind: 'hold_approved', data: {} });
      await this.allocate(trx, repo, item.id);
    });
    return this.presentHoldById(holdId);
  }

  /** The desk scanned a member code: who it is (nickname) and what they have or may collect here. */
  async deskMember(actor: Actor, hutId: string, code: string): Promise<DeskMember> {
    const ctx = await this.keeperContext(actor, hutId);
    const memberId = await this.memberByCode(code, ctx.hut);
    const repo = this.repo();
    const [person, kind, loans, holds, openLoans] = await Promise.all([
      this.people.person(memberId),
      this.memberKind(memberId, repo),
      repo.loansAtHut(memberId, hutId, OPEN_LOAN),
      repo.memberHolds(memberId, ['ready']),
      repo.countMemberLoans(memberId),
    ]);
    const readyHere: Hold[] = [];
    for (const h of holds) {
      const held = await this.presentHoldById(h.id);
      if (held.hutId === hutId) readyHere.push(held);
    }
    return {
      nickname: person?.nickname ?? '',
      memberKind: kind as DeskMember['memberKind'],
      loans: await this.presentLoans(loans),
      readyHolds: readyHere,
      openLoans,
    };
  }

  /** The desk scanned a label: the copy, its item, its open loan or the member it is kept for. */
  async deskUnit(actor: Actor, hutId: string, label: string): Promise<DeskUnit> {
    await this.keeperContext(actor, hutId);
    const repo = this.repo();
    const unit = await repo.unitByLabel(label.trim().toUpperCase());
    const item = unit ? await repo.item(unit.item_id) : undefined;
    if (!unit || item?.hut_id !== hutId) throw new AppError('hut_label_unknown');
    const [loan, hold] = await Promise.all([repo.openLoanOfUnit(unit.id), repo.readyHoldOfUnit(unit.id)]);
    const names = hold ? await this.nicknames([hold.member_id]) : new Map<string, string>();
    return {
      itemId: item.id,
      itemTitle: item.title,
      unit: presentUnit(unit),
      sanitiseAfterReturn: Number(item.sanitise_after_return) === 1,
      safetyCheck: Number(item.safety_check) === 1,
      loan: loan ? (await this.presentLoans([loan]))[0]! : null,
      readyHold: hold
        ? { holdId: hold.id, memberNickname: names.get(hold.member_id) ?? '', pickupBy: hold.pickup_by }
        : null,
    };
  }

  // ---- desk loans -----------------------------------------------------------------------------

  /**
   * The desk: a keeper scans the member's code and the item's label (or names pooled stock and a
   * quantity). The copy kept for this member by a ready hold, or a free copy nobody waits for, is
   * lent; anything else is a clear problem and nothing changes.
   */
  async checkout(actor: Actor, hutId: string, input: CheckoutInput): Promise<Loan> {
    const keeper = personOf(actor);
    const ctx = await this.keeperContext(actor, hutId);
    const memberId = await this.memberByCode(input.memberCode, ctx.hut);
    const loanId = await this.ledgerTx(async (trx, repo, deposits) => {
      let unit: UnitRow | undefined;
      let item: ItemRow | undefined;
      if (input.label) {
        unit = await repo.unitByLabel(input.label.trim().toUpperCase());
        if (!unit) throw new AppError('hut_label_unknown');
        item = await repo.lockItem(unit.item_id);
      } else if (input.itemId) {
        item = await repo.lockItem(input.itemId);
        if (item && Number(item.pooled) !== 1) throw new AppError('hut_label_unknown');
      } else throw new AppError('validation_failed');
      if (!item || item.hut_id !== hutId)
        throw new AppError(input.label ? 'hut_label_unknown' : 'hut_item_not_found');
      if (item.status !== 'active') throw new AppError('hut_unit_unavailable', { status: 'retired' });
      if (item.owner_kind !== 'hut') throw new AppError('hut_unit_unavailable', { status: 'resident_owned' });
      const { policy } = await this.policyFor(ctx.hut, memberId, item.category, repo);
      const consumable = Number(item.consumable) === 1;
      await repo.lockMember(memberId, randomCode('LM', 12), this.now());
      if (!consumable && (await repo.countMemberLoans(memberId)) >= policy.maxLoans)
        throw new AppError('hut_loan_limit', { max: policy.maxLoans });
      const at = this.now();
      const myHold = await repo.liveHold(item.id, memberId);
      // A labelled copy is one thing; a quantity is for pooled stock only.
      const quantity = unit ? 1 : (input.quantity ?? 1);
      let holdUsed: HoldRow | undefined;
      if (unit) {
        if (await repo.memberHasItem(memberId, item.id)) throw new AppError('hut_already_borrowed');
        if (unit.status === 'on_hold') {
          const ready = await repo.readyHoldOfUnit(unit.id);
          if (!ready || ready.member_id !== memberId) throw new AppError('hut_unit_held');
          holdUsed = ready;
          if (
            !(await repo.moveUnit(unit.id, ['on_hold'], 'on_loan', at, {
              condition: input.condition ?? unit.condition,
            }))
          )
            throw await this.unavailable(repo, unit.id);
        } else if (unit.status === 'available') {
          const waiting = await repo.queue(item.id, ['waiting'], true);
          const mine = waiting[0]?.member_id === memberId;
          // Someone is waiting: only the first in line may take a free copy now.
          if (waiting.length > 0 && !mine) throw new AppError('hut_unit_held');
          if (!mine && policy.needsApproval) throw new AppError('hut_needs_approval');
          if (mine) holdUsed = waiting[0];
          if (
            !(await repo.moveUnit(unit.id, ['available'], 'on_loan', at, {
              condition: input.condition ?? unit.condition,
            }))
          )
            throw await this.unavailable(repo, unit.id);
        } else throw new AppError('hut_unit_unavailable', { status: unit.status });
      } else {
        // Pooled stock: a ready hold of mine already took one from the count.
        const fromHold = myHold?.status === 'ready' ? 1 : 0;
        const fresh = quantity - fromHold;
        if (fresh > 0) {
          const waiting = await repo.queue(item.id, ['waiting'], true);
          const mine = waiting[0]?.member_id === memberId;
          if (waiting.length > 0 && !mine) throw new AppError('hut_out_of_stock');
          if (!mine && fromHold === 0 && policy.needsApproval) throw new AppError('hut_needs_approval');
          if (!(await repo.takeStock(item.id, fresh, consumable, at))) throw new AppError('hut_out_of_stock');
        }
        if (myHold) holdUsed = myHold;
      }
      if (holdUsed && !(await repo.moveHold(holdUsed.id, LIVE_HOLD, { status: 'fulfilled', updated_at: at })))
        throw new AppError('hut_hold_state', { status: 'changed' });
      const id = uuidv7();
      const due = consumable ? null : dueDate(ctx.calendar, localDate(at), item.loan_days ?? policy.loanDays);
      await repo.insertLoan({
        id,
        item_id: item.id,
        unit_id: unit?.id ?? null,
        hut_id: hutId,
        borrower_id: memberId,
        lender_id: null,
        kind: 'desk',
        status: consumable ? 'returned' : 'active',
        quantity,
        hold_id: holdUsed?.id ?? null,
        due_date: due,
        return_by: null,
        pickup_at: null,
        renewals: 0,
        checkout_condition: input.condition ?? unit?.condition ?? item.condition,
        return_condition: null,
        lender_confirmed_out: 0,
        borrower_confirmed_out: 0,
        lender_confirmed_back: 0,
        borrower_confirmed_back: 0,
        note: null,
        deposit_points: 0,
        deposit_status: 'none',
        deposit_transfer_id: null,
        damage: 'none',
        damage_note: null,
        settled_by: null,
        reminded_at: null,
        version: 1,
        checked_out_at: at,
        returned_at: consumable ? at : null,
        created_at: at,
        updated_at: at,
      });
      await repo.countLoan(item.id, at);
      // The deposit (the item's own, else the policy's) is held in the love bank in this same
      // transaction: not enough points, no loan.
      const deposit = consumable ? 0 : (item.deposit_points ?? policy.depositPoints);
      if (deposit > 0 && deposits)
        await this.holdDeposit(repo, deposits, {
          loanId: id,
          memberId,
          communityCode: ctx.hut.community_code,
          amount: deposit,
          initiatorId: keeper,
          memo: item.title,
          at,
        });
      const logIndex = await this.logLoan(
        trx,
        'huts.checkout',
        {
          loan: id,
          item: item.id,
          ...(unit ? { unit: unit.label } : { quantity }),
          hut: hutId,
          member: await this.log.pseudonym(trx, `account:${memberId}`),
          keeper: await this.log.pseudonym(trx, `account:${keeper}`),
          ...(due ? { due } : {}),
        },
        [memberId],
      );
      await this.event(repo, {
        itemId: item.id,
        unitId: unit?.id ?? null,
        loanId: id,
        holdId: holdUsed?.id ?? null,
        actor,
        kind: 'checked_out',
        data: { due, quantity },
        logIndex,
      });
      return id;
    });
    return this.presentLoanById(loanId);
  }

  private depositOf(loan: LoanRow, communityCode: string, initiatorId: string, step: 'release' | 'forfeit') {
    return {
      accountId: loan.borrower_id,
      communityCode,
      amount: Number(loan.deposit_points),
      idempotencyKey: `hut-loan:${loan.id}:${step}`,
      initiatorId,
      ref: `hut-loan:${loan.id}`,
    };
  }

  private async unavailable(repo: HutsRepository, unitId: string): Promise<AppError> {
    const now = await repo.unit(unitId);
    return new AppError('hut_unit_unavailable', { status: now?.status ?? 'unknown' });
  }

  /** Holds a loan's deposit from the member in the love bank, in the loan's transaction. */
  private async holdDeposit(
    repo: HutsRepository,
    deposits: DepositOps,
    input: {
      loanId: string;
      memberId: string;
      communityCode: string;
      amount: number;
      initiatorId: string;
      memo: string;
      at: number;
    },
  ): Promise<void> {
    const held = await deposits.hold({
      accountId: input.memberId,
      communityCode: input.communityCode,
      amount: input.amount,
      idempotencyKey: `hut-loan:${input.loanId}:hold`,
      initiatorId: input.initiatorId,
      memo: input.memo,
      ref: `hut-loan:${input.loanId}`,
    });
    await repo.setDeposit(input.loanId, input.amount, 'held', held.id, input.at);
  }

  private async logLoan(
    trx: Trx,
    kind: string,
    data: { [key: string]: JsonValue },
    notify: string[],
  ): Promise<number> {
    const [entry] = await this.log.append(trx, [{ kind, v: 1, data, notify }]);
    return entry!.index;
  }

  /**
   * A return at the desk, with the copy's condition. The copy then goes to sanitising (medical
   * devices), to maintenance (power tools' safety check, or damage), or straight back into the
   * queue. Returning twice is `hut_not_on_loan`, and nothing changes.
   */
  async returnLoan(actor: Actor, hutId: string, input: ReturnInput): Promise<ReturnResult> {
    const keeper = personOf(actor);
    await this.keeperContext(actor, hutId);
    let unitStatus: string | null = null;
    let readyForHold: string | null = null;
    const loanId = await this.ledgerTx(async (trx, repo, deposits) => {
      let loan: LoanRow | undefined;
      let unit: UnitRow | undefined;
      if (input.label) {
        unit = await repo.unitByLabel(input.label.trim().toUpperCase());
        if (!unit) throw new AppError('hut_label_unknown');
        loan = await repo.openLoanOfUnit(unit.id);
        if (!loan) throw new AppError('hut_not_on_loan');
      } else if (input.loanId) {
        loan = await repo.loan(input.loanId);
        if (!loan) throw new AppError('hut_loan_not_found');
        unit = loan.unit_id ? await repo.unit(loan.unit_id) : undefined;
      } else throw new AppError('validation_failed');
      if (loan.hut_id !== hutId) throw new AppError(input.label ? 'hut_label_unknown' : 'hut_loan_not_found');
      if (loan.kind !== 'desk')
        throw new AppError('hut_loan_state', { status: `${loan.kind}:${loan.status}` });
      if (loan.status !== 'active') throw new AppError('hut_not_on_loan');
      const at = this.now();
      if (
        !(await repo.updateLoan(loan.id, Number(loan.version), {
          status: 'returned',
          return_condition: input.condition,
          returned_at: at,
          note: input.note ?? null,
          ...(input.condition === 'damaged' ? { damage: 'damaged', damage_note: input.note ?? null } : {}),
          updated_at: at,
        }))
      )
        throw new AppError('hut_not_on_loan');
      const item = (await repo.lockItem(loan.item_id))!;
      // Returned in order: the deposit goes back now. Damaged: it waits for a worker's settlement.
      if (loan.deposit_status === 'held' && input.condition !== 'damaged' && deposits) {
        await deposits.release(this.depositOf(loan, item.community_code, keeper, 'release'));
        await repo.setDeposit(loan.id, Number(loan.deposit_points), 'released', loan.deposit_transfer_id, at);
      }
      if (unit) {
        unitStatus =
          input.condition === 'damaged'
            ? 'maintenance'
            : Number(item.sanitise_after_return) === 1
              ? 'sanitising'
              : Number(item.safety_check) === 1
                ? 'maintenance'
                : 'available';
        if (
          !(await repo.moveUnit(unit.id, ['on_loan'], unitStatus, at, {
            condition: input.condition,
            note: input.note ?? null,
          }))
        )
          throw new AppError('hut_not_on_loan');
      } else await repo.giveBackStock(item.id, Number(loan.quantity), at);
      const logIndex = await this.logLoan(
        trx,
        'huts.return',
        {
          loan: loan.id,
          item: item.id,
          ...(unit ? { unit: unit.label } : { quantity: Number(loan.quantity) }),
          hut: hutId,
          member: await this.log.pseudonym(trx, `account:${loan.borrower_id}`),
          keeper: await this.log.pseudonym(trx, `account:${keeper}`),
          condition: input.condition,
          late: loan.due_date !== null && loan.due_date < localDate(at),
        },
        [loan.borrower_id],
      );
      await this.event(repo, {
        itemId: item.id,
        unitId: unit?.id ?? null,
        loanId: loan.id,
        actor,
        kind: 'returned',
        data: { condition: input.condition, next: unitStatus ?? 'stock' },
        logIndex,
      });
      if (unitStatus === 'available' || !unit) readyForHold = await this.allocate(trx, repo, item.id);
      return loan.id;
    });
    return {
      loan: await this.presentLoanById(loanId),
      unitStatus: unitStatus as ReturnResult['unitStatus'],
      readyForHold,
    };
  }

  /** Sanitising or the safety check is done: the copy is available again (or goes to the queue). */
  async unitReady(
    actor: Actor,
    unitId: string,
    input: { condition?: string | undefined; note?: string | undefined },
  ) {
    const unit = await this.repo().unit(unitId);
    if (!unit) throw new AppError('hut_label_unknown');
    const item = await this.activeItem(unit.item_id);
    await this.tx(async (trx, repo) => {
      await this.keeperContext(actor, item.hut_id, repo);
      const at = this.now();
      if (
        !(await repo.moveUnit(unitId, ['sanitising', 'maintenance'], 'available', at, {
          ...(input.condition ? { condition: input.condition } : {}),
          note: input.note ?? null,
        }))
      )
        throw new AppError('hut_unit_not_waiting');
      await this.event(repo, {
        itemId: item.id,
        unitId,
        actor,
        kind: unit.status === 'sanitising' ? 'sanitised' : 'checked',
        data: { note: input.note ?? null },
      });
      await this.allocate(trx, repo, item.id);
    });
    return this.item(actor, item.id);
  }

  /** Sends a copy to maintenance (found broken on the shelf); refused while it is out. */
  async unitToMaintenance(actor: Actor, unitId: string, note: string) {
    const unit = await this.repo().unit(unitId);
    if (!unit) throw new AppError('hut_label_unknown');
    const item = await this.activeItem(unit.item_id);
    await this.tx(async (_trx, repo) => {
      await this.keeperContext(actor, item.hut_id, repo);
      if (!(await repo.moveUnit(unitId, ['available'], 'maintenance', this.now(), { note })))
        throw await this.unavailable(repo, unitId);
      await this.event(repo, { itemId: item.id, unitId, actor, kind: 'maintenance', data: { note } });
    });
    return this.item(actor, item.id);
  }

  /**
   * Renews my loan: refused while anyone waits for the item (told how many) or past the number of
   * renewals the policy allows. The new due date counts from the old one (or today when late).
   */
  async renew(actor: Actor, loanId: string): Promise<Loan> {
    const me = personOf(actor);
    await this.tx(async (trx, repo) => {
      const loan = await repo.loan(loanId);
      if (!loan || loan.borrower_id !== me) throw new AppError('hut_loan_not_found');
      if (loan.kind !== 'desk' || loan.status !== 'active')
        throw new AppError('hut_loan_state', { status: loan.status });
      const item = (await repo.lockItem(loan.item_id))!;
      const ctx = await this.context(loan.hut_id, repo);
      const waiting = (await repo.queue(item.id)).length;
      if (waiting > 0) throw new AppError('hut_renewal_queue', { waiting });
      const { policy } = await this.policyFor(ctx.hut, me, item.category, repo);
      if (Number(loan.renewals) >= policy.maxRenewals)
        throw new AppError('hut_renewal_limit', { max: policy.maxRenewals });
      const at = this.now();
      const today = localDate(at);
      const from = loan.due_date && loan.due_date > today ? loan.due_date : today;
      const due = dueDate(ctx.calendar, from, item.loan_days ?? policy.loanDays);
      if (
        !(await repo.updateLoan(loan.id, Number(loan.version), {
          due_date: due,
          renewals: Number(loan.renewals) + 1,
          reminded_at: null,
          updated_at: at,
        }))
      )
        throw new AppError('conflict');
      const logIndex = await this.logLoan(
        trx,
        'huts.renew',
        {
          loan: loan.id,
          item: item.id,
          member: await this.log.pseudonym(trx, `account:${me}`),
          due,
        },
        [],
      );
      await this.event(repo, {
        itemId: item.id,
        unitId: loan.unit_id,
        loanId,
        actor,
        kind: 'renewed',
        data: { due },
        logIndex,
      });
    });
    return this.presentLoanById(loanId);
  }

  async myLoans(actor: Actor): Promise<Loan[]> {
    const me = personOf(actor);
    const repo = this.repo();
    const live = ['requested', 'accepted', 'active'];
    const [borrowed, lent] = await Promise.all([
      repo.loansOf({ borrowerId: me }, live),
      repo.loansOf({ lenderId: me }, live),
    ]);
    const rows = [...new Map([...borrowed, ...lent].map((r) => [r.id, r])).values()];
    return this.presentLoans(rows);
  }

  private async presentLoans(rows: LoanRow[]): Promise<Loan[]> {
    const repo = this.repo();
    const nicknames = await this.nicknames(rows.flatMap((r) => [r.borrower_id, r.lender_id]));
    const now = this.now();
    const today = localDate(now);
    const photos = await repo.loanPhotos(rows.map((r) => r.id));
    const out: Loan[] = [];
    for (const r of rows) {
      const item = (await repo.item(r.item_id))!;
      const unit = r.unit_id ? await repo.unit(r.unit_id) : undefined;
      out.push(
        presentLoan(r, {
          itemTitle: item.title,
          unitLabel: unit?.label ?? null,
          nicknames,
          today,
          now,
          photos: photos.filter((p) => p.loan_id === r.id),
        }),
      );
    }
    return out;
  }

  private async presentLoanById(loanId: string): Promise<Loan> {
    const row = await this.repo().loan(loanId);
    if (!row) throw new AppError('hut_loan_not_found');
    const [loan] = await this.presentLoans([row]);
    return loan!;
  }

  /** One loan, for its borrower, its lender or the hut's keepers. */
  async loan(actor: Actor, loanId: string): Promise<Loan> {
    const row = await this.repo().loan(loanId);
    if (!row) throw new AppError('hut_loan_not_found');
    const me = actorId(actor);
    if (me !== row.borrower_id && me !== row.lender_id) {
      const ctx = await this.context(row.hut_id);
      if (!canKeep(actor, { communityCode: ctx.hut.community_code, keeperIds: ctx.keeperIds }))
        throw new AppError('hut_loan_not_found');
    }
    return this.presentLoanById(loanId);
  }

  /** Who may see and add a loan's condition photos: its two sides and the hut's keepers. */
  private async requireLoanParty(actor: Actor, loan: LoanRow): Promise<void> {
    const me = actorId(actor);
    if (me === loan.borrower_id || me === loan.lender_id) return;
    const ctx = await this.context(loan.hut_id);
    if (!canKeep(actor, { communityCode: ctx.hut.community_code, keeperIds: ctx.keeperIds }))
      throw new AppError('hut_loan_not_found');
  }

  /** A condition photo at the handover (`out`) or the return (`back`), at most 6 per stage. */
  async addLoanPhoto(actor: Actor, loanId: string, stage: 'out' | 'back', input: Uint8Array): Promise<Loan> {
    const loan = await this.repo().loan(loanId);
    if (!loan) throw new AppError('hut_loan_not_found');
    await this.requireLoanParty(actor, loan);
    const allowed = stage === 'out' ? ['accepted', 'active'] : ['active', 'returned', 'lost'];
    if (!allowed.includes(loan.status)) throw new AppError('hut_loan_state', { status: loan.status });
    const { bytes, thumb } = await encodePhoto(input);
    await this.tx(async (_trx, repo) => {
      const existing = (await repo.loanPhotos([loanId])).filter((p) => p.stage === stage);
      if (existing.length >= 6) throw new AppError('hut_photo_invalid');
      await repo.insertLoanPhoto({
        id: uuidv7(),
        loan_id: loanId,
        stage,
        account_id: actorId(actor),
        content_type: 'image/webp',
        bytes,
        thumb,
        created_at: this.now(),
      });
      await this.event(repo, {
        itemId: loan.item_id,
        unitId: loan.unit_id,
        loanId,
        actor,
        kind: 'condition_photo',
        data: { stage },
      });
    });
    return this.presentLoanById(loanId);
  }

  async loanPhoto(actor: Actor, loanId: string, photoId: string, size: 'full' | 'thumb') {
    const loan = await this.repo().loan(loanId);
    if (!loan) throw new AppError('not_found');
    await this.requireLoanParty(actor, loan);
    const row = await this.repo().loanPhoto(loanId, photoId);
    if (!row) throw new AppError('not_found');
    return { contentType: row.content_type, bytes: Buffer.from(size === 'thumb' ? row.thumb : row.bytes) };
  }

  /**
   * Reminders for the jobs runner: loans due tomorrow (or today) and overdue loans get an in-app
   * notification, at most once a day each. Returns how many were reminded.
   */
  async remindDue(now = this.now()): Promise<number> {
    const tomorrow = localDate(now + 86_400_000);
    const today = localDate(now);
    let reminded = 0;
    for (;;) {
      const rows = await this.repo().dueOn(tomorrow, now - 20 * 3600_000, 200);
      if (rows.length === 0) return reminded;
      await this.tx(async (trx, repo) => {
        const titles = new Map<string, string>();
        for (const r of rows)
          titles.set(r.item_id, titles.get(r.item_id) ?? (await repo.item(r.item_id))!.title);
        await this.notifier.notifyAllInTransaction(
          trx,
          rows.map((r) => ({
            accountIds: [r.borrower_id],
            kind: r.due_date! < today ? 'huts.loan_overdue' : 'huts.loan_due',
            payload: { loanId: r.id, itemId: r.item_id, title: titles.get(r.item_id), dueDate: r.due_date },
          })),
        );
        await repo.markReminded(
          rows.map((r) => r.id),
          now,
        );
      });
      reminded += rows.length;
      if (rows.length < 200) return reminded;
    }
  }

  // ---- neighbour loans ------------------------------------------------------------------------

  /** Asks a neighbour to lend their item; the return time is fixed now. */
  async requestLoan(actor: Actor, itemId: string, input: NeighbourRequest): Promise<Loan> {
    const me = personOf(actor);
    const item = await this.activeItem(itemId);
    if (item.owner_kind !== 'resident') throw new AppError('hut_item_not_found');
    if (item.owner_id === me) throw new AppError('hut_own_item');
    const person = await this.people.person(me);
    if (!sameDistrict(person?.homeDivision ?? null, item.community_code))
      throw new AppError('hut_other_district');
    const at = this.now();
    if (input.returnBy <= at || input.returnBy > at + NEIGHBOUR_LOAN_MAX_DAYS * 86_400_000)
      throw new AppError('hut_return_time_invalid', { maxDays: NEIGHBOUR_LOAN_MAX_DAYS });
    if (input.pickupAt !== undefined && input.pickupAt >= input.returnBy)
      throw new AppError('hut_return_time_invalid', { maxDays: NEIGHBOUR_LOAN_MAX_DAYS });
    const [unit] = await this.repo().units(itemId);
    const id = uuidv7();
    await this.tx(async (trx, repo) => {
      await repo.lockItem(itemId);
      if (await repo.memberHasItem(me, itemId)) throw new AppError('hut_already_borrowed');
      await repo.insertLoan(this.neighbourLoanRow(id, item, unit ?? null, me, input, at));
      await this.event(repo, {
        itemId,
        loanId: id,
        actor,
        kind: 'loan_requested',
        data: { returnBy: input.returnBy },
      });
      await this.notifier.notifyInTransaction(trx, [item.owner_id!], 'huts.loan_requested', {
        loanId: id,
        itemId,
        title: item.title,
      });
    });
    return this.presentLoanById(id);
  }

  private neighbourLoanRow(
    id: string,
    item: ItemRow,
    unit: UnitRow | null,
    borrower: string,
    input: NeighbourRequest,
    at: number,
  ): Database['hut_loans'] {
    return {
      id,
      item_id: item.id,
      unit_id: unit?.id ?? null,
      hut_id: item.hut_id,
      borrower_id: borrower,
      lender_id: item.owner_id,
      kind: 'neighbour',
      status: 'requested',
      quantity: 1,
      hold_id: null,
      due_date: localDate(input.returnBy),
      return_by: input.returnBy,
      pickup_at: input.pickupAt ?? null,
      renewals: 0,
      checkout_condition: null,
      return_condition: null,
      lender_confirmed_out: 0,
      borrower_confirmed_out: 0,
      lender_confirmed_back: 0,
      borrower_confirmed_back: 0,
      note: input.note ?? null,
      deposit_points: item.deposit_points ?? 0,
      deposit_status: 'none',
      deposit_transfer_id: null,
      damage: 'none',
      damage_note: null,
      settled_by: null,
      reminded_at: null,
      version: 1,
      checked_out_at: null,
      returned_at: null,
      created_at: at,
      updated_at: at,
    };
  }

  private async neighbourLoan(actor: Actor, loanId: string, side: 'lender' | 'borrower' | 'either') {
    const me = personOf(actor);
    const loan = await this.repo().loan(loanId);
    if (!loan || (me !== loan.lender_id && me !== loan.borrower_id)) throw new AppError('hut_loan_not_found');
    if (loan.kind !== 'neighbour')
      throw new AppError('hut_loan_state', { status: `${loan.kind}:${loan.status}` });
    const isLender = me === loan.lender_id;
    if (side === 'lender' && !isLender) throw new AppError('exchange_wrong_party');
    if (side === 'borrower' && isLender) throw new AppError('exchange_wrong_party');
    return { loan, me, isLender };
  }

  /** The lender accepts a request: the copy is promised (one open loan per copy). */
  async acceptLoan(actor: Actor, loanId: string): Promise<Loan> {
    const { loan } = await this.neighbourLoan(actor, loanId, 'lender');
    await this.tx(async (trx, repo) => {
      if (loan.status !== 'requested') throw new AppError('hut_loan_state', { status: loan.status });
      const at = this.now();
      if (!loan.unit_id || !(await repo.moveUnit(loan.unit_id, ['available'], 'on_hold', at)))
        throw await this.unavailable(repo, loan.unit_id ?? '');
      if (!(await repo.updateLoan(loan.id, Number(loan.version), { status: 'accepted', updated_at: at })))
        throw new AppError('hut_loan_state', { status: 'changed' });
      await this.event(repo, {
        itemId: loan.item_id,
        loanId,
        unitId: loan.unit_id,
        actor,
        kind: 'loan_accepted',
        data: {},
      });
      await this.notifier.notifyInTransaction(trx, [loan.borrower_id], 'huts.loan_accepted', { loanId });
    });
    return this.presentLoanById(loanId);
  }

  /** The lender declines, or the borrower cancels, before the handover. */
  async closeRequest(actor: Actor, loanId: string, reason: string): Promise<Loan> {
    const { loan, isLender } = await this.neighbourLoan(actor, loanId, 'either');
    await this.tx(async (trx, repo) => {
      if (loan.status !== 'requested' && loan.status !== 'accepted')
        throw new AppError('hut_loan_state', { status: loan.status });
      const at = this.now();
      if (
        !(await repo.updateLoan(loan.id, Number(loan.version), {
          status: isLender ? 'declined' : 'cancelled',
          note: reason,
          updated_at: at,
        }))
      )
        throw new AppError('hut_loan_state', { status: 'changed' });
      if (loan.status === 'accepted' && loan.unit_id)
        await repo.moveUnit(loan.unit_id, ['on_hold'], 'available', at);
      await this.event(repo, {
        itemId: loan.item_id,
        loanId,
        actor,
        kind: isLender ? 'loan_declined' : 'loan_cancelled',
        data: { reason },
      });
      await this.notifier.notifyInTransaction(
        trx,
        [isLender ? loan.borrower_id : loan.lender_id!],
        isLender ? 'huts.loan_declined' : 'huts.loan_cancelled',
        { loanId },
      );
    });
    return this.presentLoanById(loanId);
  }

  /**
   * Each side confirms the condition at the handover; when both have, the loan starts (logged).
   * The borrower's confirmation records the condition they received.
   */
  async confirmHandover(
    actor: Actor,
    loanId: string,
    input: { condition: string; note?: string | undefined },
  ) {
    const { loan, isLender, me } = await this.neighbourLoan(actor, loanId, 'either');
    await this.ledgerTx(async (trx, repo, deposits) => {
      const current = (await repo.loan(loanId))!;
      if (current.status !== 'accepted') throw new AppError('hut_loan_state', { status: current.status });
      const at = this.now();
      const lenderOut = isLender ? 1 : Number(current.lender_confirmed_out);
      const borrowerOut = isLender ? Number(current.borrower_confirmed_out) : 1;
      const starts = lenderOut === 1 && borrowerOut === 1;
      if (
        !(await repo.updateLoan(loanId, Number(current.version), {
          lender_confirmed_out: lenderOut,
          borrower_confirmed_out: borrowerOut,
          checkout_condition: input.condition,
          ...(starts ? { status: 'active', checked_out_at: at } : {}),
          updated_at: at,
        }))
      )
        throw new AppError('conflict');
      if (!starts) return;
      if (loan.unit_id)
        await repo.moveUnit(loan.unit_id, ['on_hold'], 'on_loan', at, { condition: input.condition });
      await repo.countLoan(loan.item_id, at);
      // The lender's deposit is held from the borrower as the loan starts (same transaction).
      const deposit = Number(current.deposit_points);
      if (deposit > 0 && deposits) {
        const item = (await repo.item(loan.item_id))!;
        await this.holdDeposit(repo, deposits, {
          loanId,
          memberId: loan.borrower_id,
          communityCode: item.community_code,
          amount: deposit,
          initiatorId: me,
          memo: item.title,
          at,
        });
      }
      const logIndex = await this.logLoan(
        trx,
        'huts.checkout',
        {
          loan: loanId,
          item: loan.item_id,
          kind: 'neighbour',
          lender: await this.log.pseudonym(trx, `account:${loan.lender_id}`),
          member: await this.log.pseudonym(trx, `account:${loan.borrower_id}`),
          returnBy: Number(loan.return_by),
          condition: input.condition,
        },
        [loan.lender_id!, loan.borrower_id].filter((x) => x !== me),
      );
      await this.event(repo, {
        itemId: loan.item_id,
        unitId: loan.unit_id,
        loanId,
        actor,
        kind: 'checked_out',
        data: { condition: input.condition },
        logIndex,
      });
    });
    return this.presentLoanById(loanId);
  }

  /** Each side confirms the condition when the item comes back; when both have, it is returned. */
  async confirmReturn(actor: Actor, loanId: string, input: { condition: string; note?: string | undefined }) {
    const { loan, isLender, me } = await this.neighbourLoan(actor, loanId, 'either');
    await this.ledgerTx(async (trx, repo, deposits) => {
      const current = (await repo.loan(loanId))!;
      if (current.status !== 'active') throw new AppError('hut_not_on_loan');
      const at = this.now();
      const lenderBack = isLender ? 1 : Number(current.lender_confirmed_back);
      const borrowerBack = isLender ? Number(current.borrower_confirmed_back) : 1;
      const done = lenderBack === 1 && borrowerBack === 1;
      // The lender's word on the condition is the one kept (it is their thing).
      const condition = isLender || !current.return_condition ? input.condition : current.return_condition;
      if (
        !(await repo.updateLoan(loanId, Number(current.version), {
          lender_confirmed_back: lenderBack,
          borrower_confirmed_back: borrowerBack,
          return_condition: condition,
          ...(input.note ? { damage_note: input.note } : {}),
          ...(done ? { status: 'returned', returned_at: at } : {}),
          ...(done && condition === 'damaged' ? { damage: 'damaged' } : {}),
          updated_at: at,
        }))
      )
        throw new AppError('conflict');
      if (!done) return;
      if (loan.unit_id) await repo.moveUnit(loan.unit_id, ['on_loan'], 'available', at, { condition });
      const item = (await repo.item(loan.item_id))!;
      if (current.deposit_status === 'held' && condition !== 'damaged' && deposits) {
        await deposits.release(this.depositOf(current, item.community_code, me, 'release'));
        await repo.setDeposit(
          loanId,
          Number(current.deposit_points),
          'released',
          current.deposit_transfer_id,
          at,
        );
      }
      const logIndex = await this.logLoan(
        trx,
        'huts.return',
        {
          loan: loanId,
          item: loan.item_id,
          kind: 'neighbour',
          lender: await this.log.pseudonym(trx, `account:${loan.lender_id}`),
          member: await this.log.pseudonym(trx, `account:${loan.borrower_id}`),
          condition,
          late: Number(loan.return_by) < at,
        },
        [loan.lender_id!, loan.borrower_id].filter((x) => x !== me),
      );
      await this.reviews?.openWindow(trx, {
        kind: 'loan',
        subjectId: loanId,
        parties: [loan.lender_id!, loan.borrower_id],
        communityCode: item.community_code,
        title: item.title,
        completedAt: at,
      });
      await this.event(repo, {
        itemId: loan.item_id,
        unitId: loan.unit_id,
        loanId,
        actor,
        kind: 'returned',
        data: { condition },
        logIndex,
      });
    });
    return this.presentLoanById(loanId);
  }

  // ---- damage and loss ------------------------------------------------------------------------

  /** A keeper (desk loans) or the lender (neighbour loans) reports damage or loss. */
  async reportDamage(
    actor: Actor,
    loanId: string,
    input: { kind: 'damaged' | 'lost'; note: string },
  ): Promise<Loan> {
    const loan = await this.repo().loan(loanId);
    if (!loan) throw new AppError('hut_loan_not_found');
    if (actorId(actor) !== loan.lender_id) {
      const ctx = await this.context(loan.hut_id);
      if (!canKeep(actor, { communityCode: ctx.hut.community_code, keeperIds: ctx.keeperIds }))
        throw new AppError('hut_loan_not_found');
    }
    await this.tx(async (trx, repo) => {
      if (!['active', 'returned'].includes(loan.status) || loan.damage === 'settled')
        throw new AppError('hut_loan_state', { status: loan.status });
      const at = this.now();
      const lost = input.kind === 'lost';
      if (
        !(await repo.updateLoan(loan.id, Number(loan.version), {
          damage: input.kind,
          damage_note: input.note,
          ...(lost && loan.status === 'active' ? { status: 'lost', returned_at: at } : {}),
          updated_at: at,
        }))
      )
        throw new AppError('conflict');
      if (lost && loan.unit_id)
        await repo.moveUnit(loan.unit_id, ['on_loan', 'available', 'maintenance'], 'retired', at, {
          note: input.note,
        });
      if (!lost && loan.status === 'returned' && loan.unit_id)
        await repo.moveUnit(loan.unit_id, ['available', 'sanitising'], 'maintenance', at, {
          condition: 'damaged',
          note: input.note,
        });
      await this.event(repo, {
        itemId: loan.item_id,
        unitId: loan.unit_id,
        loanId,
        actor,
        kind: `reported_${input.kind}`,
        data: { note: input.note },
      });
      await this.notifier.notifyInTransaction(trx, [loan.borrower_id], 'huts.damage_reported', {
        loanId,
        kind: input.kind,
      });
    });
    return this.presentLoanById(loanId);
  }

  /** A worker settles a damage or loss report (the decision is logged). */
  async settleDamage(
    actor: Actor,
    loanId: string,
    input: { forfeitDeposit: boolean; note: string },
  ): Promise<Loan> {
    const staff = personOf(actor);
    const loan = await this.repo().loan(loanId);
    if (!loan) throw new AppError('hut_loan_not_found');
    const hut = (await this.repo().hut(loan.hut_id))!;
    if (!canSettle(actor, hut.community_code)) throw new AppError('forbidden');
    await this.ledgerTx(async (trx, repo, deposits) => {
      if (loan.damage !== 'damaged' && loan.damage !== 'lost')
        throw new AppError('hut_loan_state', { status: loan.damage });
      const at = this.now();
      if (loan.deposit_status === 'held' && deposits) {
        const forfeit = input.forfeitDeposit;
        // A neighbour's thing: a kept deposit compensates the lender; a hut's: it goes to the pool.
        const op = {
          ...this.depositOf(loan, hut.community_code, staff, forfeit ? 'forfeit' : 'release'),
          ...(forfeit && loan.lender_id ? { toAccountId: loan.lender_id } : {}),
        };
        await (forfeit ? deposits.forfeit(op) : deposits.release(op));
        await repo.setDeposit(
          loan.id,
          Number(loan.deposit_points),
          forfeit ? 'forfeited' : 'released',
          loan.deposit_transfer_id,
          at,
        );
      }
      if (
        !(await repo.updateLoan(loan.id, Number(loan.version), {
          damage: 'settled',
          settled_by: staff,
          damage_note: input.note,
          updated_at: at,
        }))
      )
        throw new AppError('conflict');
      const logIndex = await this.logLoan(
        trx,
        'huts.settle',
        {
          loan: loan.id,
          item: loan.item_id,
          was: loan.damage,
          member: await this.log.pseudonym(trx, `account:${loan.borrower_id}`),
          staff: await this.log.pseudonym(trx, `account:${staff}`),
          forfeitDeposit: input.forfeitDeposit,
        },
        [loan.borrower_id],
      );
      await this.event(repo, {
        itemId: loan.item_id,
        unitId: loan.unit_id,
        loanId,
        actor,
        kind: 'settled',
        data: { note: input.note, forfeitDeposit: input.forfeitDeposit },
        logIndex,
      });
    });
    return this.presentLoanById(loanId);
  }

  // ---- reports --------------------------------------------------------------------------------

  /**
   * For keepers: per item, copies, loans and the share of copy-days on loan in a period; sorted for
   * the report asked (utilisation, most borrowed, never borrowed — the "sleeping resources").
   */
  async report(
    actor: Actor,
    hutId: string,
    query: {
      kind: 'utilisation' | 'most_borrowed' | 'never_borrowed';
      from?: string | undefined;
      to?: string | undefined;
      limit?: number | undefined;
    },
  ) {
    await this.keeperContext(actor, hutId);
    const today = localDate(this.now());
    const to = query.to ?? today;
    const from = query.from ?? addDaysText(to, -90);
    if (!isValidDate(from) || !isValidDate(to) || from > to) throw new AppError('invalid_period');
    const fromMs = Date.parse(`${from}T00:00:00+08:00`);
    const toMs = Date.parse(`${to}T00:00:00+08:00`) + 86_400_000;
    const { items, loans, counts } = await this.repo().utilisation(hutId, fromMs, toMs);
    const byItem = new Map<string, { loans: number; ms: number }>();
    for (const l of loans) {
      const start = Math.max(Number(l.checked_out_at), fromMs);
      const end = Math.min(l.returned_at === null ? this.now() : Number(l.returned_at), toMs);
      const cur = byItem.get(l.item_id) ?? { loans: 0, ms: 0 };
      if (Number(l.checked_out_at) >= fromMs) cur.loans += 1;
      cur.ms += Math.max(end - start, 0) * Number(l.quantity);
      byItem.set(l.item_id, cur);
    }
    const days = Math.max((toMs - fromMs) / 86_400_000, 1);
    let rows = items.map((i) => {
      const copies = Number(i.pooled) === 1 ? Number(i.stock_total) : (counts.get(i.id)?.total ?? 0);
      const u = byItem.get(i.id) ?? { loans: 0, ms: 0 };
      const daysOnLoan = Math.round(u.ms / 86_400_000);
      return {
        itemId: i.id,
        title: i.title,
        category: i.category,
        copies,
        loans: u.loans,
        daysOnLoan,
        utilisation:
          copies > 0 ? Math.min(Math.round((u.ms / 86_400_000 / (copies * days)) * 1000) / 1000, 1) : 0,
        lastLoanAt: i.last_loan_at === null ? null : Number(i.last_loan_at),
      };
    });
    if (query.kind === 'never_borrowed') rows = rows.filter((r) => r.loans === 0 && r.daysOnLoan === 0);
    rows.sort((a, b) =>
      query.kind === 'most_borrowed'
        ? b.loans - a.loans || b.daysOnLoan - a.daysOnLoan
        : query.kind === 'never_borrowed'
          ? (a.lastLoanAt ?? 0) - (b.lastLoanAt ?? 0) || a.title.localeCompare(b.title)
          : b.utilisation - a.utilisation || b.loans - a.loans,
    );
    return { hutId, from, to, items: rows.slice(0, query.limit ?? 1000) };
  }

  /** Desk loans past their due date, oldest first (nicknames only). */
  async overdue(actor: Actor, hutId: string) {
    await this.keeperContext(actor, hutId);
    const today = localDate(this.now());
    const rows = await this.repo().overdue(hutId, today, 1000);
    const names = await this.nicknames(rows.map((r) => r.borrower_id));
    const repo = this.repo();
    const items = [];
    for (const r of rows) {
      const item = (await repo.item(r.item_id))!;
      const unit = r.unit_id ? await repo.unit(r.unit_id) : undefined;
      items.push({
        loanId: r.id,
        itemTitle: item.title,
        unitLabel: unit?.label ?? null,
        borrowerNickname: names.get(r.borrower_id) ?? '',
        dueDate: r.due_date!,
        daysOverdue: Math.round(
          (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.due_date}T00:00:00Z`)) / 86_400_000,
        ),
      });
    }
    return { items };
  }

  /** Labels of a hut's copies for a printed sheet (keepers). */
  async labels(actor: Actor, hutId: string, itemId?: string) {
    const ctx = await this.keeperContext(actor, hutId);
    const repo = this.repo();
    const items = itemId
      ? [await this.activeItem(itemId)].filter((i) => i.hut_id === hutId)
      : await repo.search({ terms: [], likeText: null, hutId, limit: 5000 });
    const units = await repo.unitsOfItems(items.map((i) => i.id));
    const titles = new Map(items.map((i) => [i.id, i.title]));
    return {
      hutName: ctx.hut.name,
      labels: units
        .filter((u) => u.status !== 'retired')
        .map((u) => ({ label: u.label, title: titles.get(u.item_id) ?? '' })),
    };
  }

  // ---- history helper -------------------------------------------------------------------------

  private async event(
    repo: HutsRepository,
    e: {
      itemId: string;
      unitId?: string | null;
      loanId?: string | null;
      holdId?: string | null;
      actor: Actor | null;
      kind: string;
      data: Record<string, unknown>;
      logIndex?: number;
    },
  ) {
    await repo.insertEvent({
      id: uuidv7(),
      item_id: e.itemId,
      unit_id: e.unitId ?? null,
      loan_id: e.loanId ?? null,
      hold_id: e.holdId ?? null,
      actor_id: e.actor ? actorId(e.actor) : null,
      kind: e.kind,
      data: JSON.stringify(e.data),
      log_index: e.logIndex ?? null,
      created_at: this.now(),
    });
  }
}

function addDaysText(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
