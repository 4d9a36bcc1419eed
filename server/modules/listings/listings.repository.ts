import { type Kysely, sql, type Transaction } from 'kysely';
import type { AvailabilitySlot } from '../../../common/schemas/listings.js';
import { type DialectName, forUpdate, toNumber } from '../../db/dialect.js';
import type { Database, ListingsTable } from '../../db/schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;
type Direction = 'offer' | 'need';
type Level = 'phone' | 'real_name' | 'in_person';

export interface CategoryRow {
  districtCode: string;
  key: string;
  group: string;
  nameZh: string;
  nameEn: string;
  keywords: string[];
  requiredVerification: Level;
  sortOrder: number;
  active: boolean;
}

/** A listing with what its presenter needs of the poster (never a phone number or a name). */
export interface ListingRow {
  id: string;
  ownerId: string;
  actedBy: string | null;
  direction: Direction;
  kind: ListingsTable['kind'];
  title: string;
  description: string;
  districtCode: string;
  category: string;
  tags: string[];
  divisionCode: string;
  compoundId: string | null;
  compoundName: string | null;
  availability: AvailabilitySlot[];
  deadline: number | null;
  minutes: number | null;
  points: number | null;
  requiredVerification: Level;
  capacity: number;
  openSlots: number;
  alerts: boolean;
  status: ListingsTable['status'];
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  poster: {
    nickname: string;
    verification: Level;
    partyMember: boolean;
    avatarAt: number | null;
    homeCompoundId: string | null;
    completed: number;
    active: number;
    lastCompletedAt: number | null;
  };
}

export interface ListingInsert {
  id: string;
  owner_id: string;
  acted_by: string | null;
  direction: Direction;
  kind: ListingsTable['kind'];
  title: string;
  description: string;
  district_code: string;
  category: string;
  tags: string;
  division_code: string;
  compound_id: string | null;
  availability: string;
  deadline: number | null;
  minutes: number | null;
  points: number | null;
  required_verification: string;
  capacity: number;
  open_slots: number;
  alerts: number;
  status: 'open';
  expires_at: number;
  created_at: number;
  updated_at: number;
  closed_at: null;
}

export interface TermHit {
  listingId: string;
  divisionCode: string;
  score: number;
}

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));

/** Largest number of bound parameters per statement kept well under SQLite's and pg's limits. */
const CHUNK = 500;

/**
 * Queries of offers, needs, their photos, the taxonomy and the inverted index of search terms.
 * The index holds rows of open listings only (written in the listing's own transaction), so a
 * term lookup never reads closed ones; every row carries the listing's community for proximity.
 */
export class ListingsRepository {
  constructor(private readonly db: Executor) {}

  /** A person's listings as they posted them, for their data export. */
  async postedBy(accountId: string) {
    return this.db
      .selectFrom('listings')
      .select(['id', 'direction', 'kind', 'title', 'description', 'category', 'tags', 'status', 'created_at'])
      .where('owner_id', '=', accountId)
      .orderBy('created_at')
      .execute();
  }

  /** A deleted account's listings: what they wrote is erased, open ones closed, photos and terms gone. */
  async erasePostedBy(accountId: string, now: number): Promise<void> {
    const mine = this.db.selectFrom('listings').select('id').where('owner_id', '=', accountId);
    await this.db.deleteFrom('listing_photos').where('listing_id', 'in', mine).execute();
    await this.db.deleteFrom('listing_terms').where('listing_id', 'in', mine).execute();
    await this.db
      .updateTable('listings')
      .set((eb) => ({
        title: '（已删除）',
        description: '',
        tags: '[]',
        status: eb
          .case()
          .when('status', 'in', ['open', 'fulfilled'])
          .then(sql<'closed'>`'closed'`)
          .else(eb.ref('status'))
          .end(),
        closed_at: eb.fn.coalesce('closed_at', sql<number>`${now}`),
        updated_at: now,
      }))
      .where('owner_id', '=', accountId)
      .execute();
  }

  with(db: Executor): ListingsRepository {
    return new ListingsRepository(db);
  }

  // ---- taxonomy -------------------------------------------------------------------------------

  async categories(district: string): Promise<CategoryRow[]> {
    const rows = await this.db
      .selectFrom('listing_categories')
      .selectAll()
      .where('district_code', '=', district)
      .orderBy('sort_order')
      .orderBy('key')
      .execute();
    return rows.map((r) => ({
      districtCode: r.district_code,
      key: r.key,
      group: r.group_key,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      keywords: JSON.parse(r.keywords) as string[],
      requiredVerification: r.required_verification as Level,
      sortOrder: toNumber(r.sort_order),
      active: toNumber(r.active) === 1,
    }));
  }

  /** Inserts the categories a district lacks; existing ones (and admins' edits) are kept. */
  async insertMissingCategories(rows: CategoryRow[], by: string | null, at: number): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('listing_categories')
      .values(rows.map((r) => categoryValues(r, by, at)))
      .onConflict((oc) => oc.columns(['district_code', 'key']).doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows ?? 0);
  }

  async insertCategory(row: CategoryRow, by: string | null, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('listing_categories')
      .values(categoryValues(row, by, at))
      .onConflict((oc) => oc.columns(['district_code', 'key']).doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async updateCategory(row: CategoryRow, by: string | null, at: number): Promise<boolean> {
    const { district_code: _d, key: _k, ...values } = categoryValues(row, by, at);
    const result = await this.db
      .updateTable('listing_categories')
      .set(values)
      .where('district_code', '=', row.districtCode)
      .where('key', '=', row.key)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  // ---- listings -------------------------------------------------------------------------------

  async insert(rows: ListingInsert[]): Promise<void> {
    // 25 parameters a row: 300 rows stay well under both databases' parameter limits.
    for (let i = 0; i < rows.length; i += 300) {
      await this.db
        .insertInto('listings')
        .values(rows.slice(i, i + 300))
        .execute();
    }
  }

  async update(id: string, values: Partial<Omit<ListingInsert, 'id' | 'status'>>): Promise<void> {
    await this.db.updateTable('listings').set(values).where('id', '=', id).execute();
  }

  /** Closes an open (or fulfilled) listing by a conditional update; false when it was not. */
  async close(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('listings')
      .set({ status: 'closed', closed_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', 'in', ['open', 'fulfilled'])
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  /**
   * Marks every open or fulfilled listing past its expiry as expired and drops its search terms;
   * returns how many. Safe to run from several processes at once (conditional update).
   */
  async expireDue(now: number, limit = 5000): Promise<string[]> {
    const due = await this.db
      .selectFrom('listings')
      .select('id')
      .where('status', 'in', ['open', 'fulfilled'])
      .where('expires_at', '<=', now)
      .limit(limit)
      .execute();
    const ids = due.map((r) => r.id);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await this.db
        .updateTable('listings')
        .set({ status: 'expired', updated_at: now, closed_at: now })
        .where('id', 'in', chunk)
        .where('status', 'in', ['open', 'fulfilled'])
        .execute();
      await this.db.deleteFrom('listing_terms').where('listing_id', 'in', chunk).execute();
    }
    return ids;
  }

  async get(id: string): Promise<ListingRow | undefined> {
    const [row] = await this.getMany([id]);
    return row;
  }

  /** Listings by id with their poster's public profile, in the order of `ids`. */
  async getMany(ids: readonly string[]): Promise<ListingRow[]> {
    if (ids.length === 0) return [];
    const rows: ListingRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const found = await this.viewQuery()
        .where('l.id', 'in', ids.slice(i, i + CHUNK))
        .execute();
      rows.push(...found.map(mapView));
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ListingRow => r !== undefined);
  }

  private viewQuery() {
    return this.db
      .selectFrom('listings as l')
      .innerJoin('accounts as a', 'a.id', 'l.owner_id')
      .leftJoin('avatars as v', 'v.account_id', 'l.owner_id')
      .leftJoin('helper_load as h', 'h.account_id', 'l.owner_id')
      .leftJoin('compounds as c', 'c.id', 'l.compound_id')
      .selectAll('l')
      .select([
        'a.nickname',
        'a.verification',
        'a.party_member',
        'a.compound_id as home_compound_id',
        'v.updated_at as avatar_at',
        'h.completed',
        'h.active',
        'h.last_completed_at',
        'c.name as compound_name',
      ]);
  }

  /**
   * A page of listings by filter, newest first (ids are UUIDv7, so id order is time order), as
   * ids; `before` is the keyset cursor.
   */
  async browse(filter: BrowseFilter, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('listings').select('id');
    if (filter.ownerId) q = q.where('owner_id', '=', filter.ownerId);
    // Unary `+`: not the expiry index, which would read every open listing to sort them by id.
    if (filter.status === 'open')
      q = q.where('status', '=', 'open').where(sql<number>`+${sql.ref('expires_at')}`, '>', filter.now);
    else if (filter.status === 'expired')
      q = q.where((eb) =>
        eb.or([
          eb('status', '=', 'expired'),
          eb.and([eb('status', 'in', ['open', 'fulfilled']), eb('expires_at', '<=', filter.now)]),
        ]),
      );
    else if (filter.status) q = q.where('status', '=', filter.status).where('expires_at', '>', filter.now);
    if (filter.direction) q = q.where('direction', '=', filter.direction);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.category) q = q.where('category', '=', filter.category);
    if (filter.compoundId) q = q.where('compound_id', '=', filter.compoundId);
    if (filter.within)
      q = q.where('division_code', '>=', filter.within).where('division_code', '<', `${filter.within}~`);
    if (filter.before) q = q.where('id', '<', filter.before);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  // ---- photos ---------------------------------------------------------------------------------

  async photoIds(listingIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (listingIds.length === 0) return map;
    for (let i = 0; i < listingIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('listing_photos')
        .select(['id', 'listing_id'])
        .where('listing_id', 'in', listingIds.slice(i, i + CHUNK))
        .orderBy('listing_id')
        .orderBy('position')
        .execute();
      for (const r of rows) {
        const list = map.get(r.listing_id) ?? [];
        list.push(r.id);
        map.set(r.listing_id, list);
      }
    }
    return map;
  }

  async addPhoto(row: { id: string; listingId: string; contentType: string; bytes: Uint8Array; at: number }) {
    const last = await this.db
      .selectFrom('listing_photos')
      .select((eb) => [eb.fn.max('position').as('position'), eb.fn.countAll().as('n')])
      .where('listing_id', '=', row.listingId)
      .executeTakeFirst();
    const count = toNumber(last?.n);
    await this.db
      .insertInto('listing_photos')
      .values({
        id: row.id,
        listing_id: row.listingId,
        position: last?.position === null || last?.position === undefined ? 0 : toNumber(last.position) + 1,
        content_type: row.contentType,
        bytes: row.bytes,
        created_at: row.at,
      })
      .execute();
    return count + 1;
  }

  /** Locks the listing's row for the transaction (PostgreSQL; SQLite writers are serial anyway). */
  async lock(listingId: string, dialect: DialectName): Promise<boolean> {
    const row = await forUpdate(
      dialect,
      this.db.selectFrom('listings').select('id').where('id', '=', listingId),
    ).executeTakeFirst();
    return row !== undefined;
  }

  async photoCount(listingId: string): Promise<number> {
    const row = await this.db
      .selectFrom('listing_photos')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('listing_id', '=', listingId)
      .executeTakeFirst();
    return toNumber(row?.n);
  }

  async photo(listingId: string, photoId: string) {
    const row = await this.db
      .selectFrom('listing_photos')
      .select(['content_type', 'bytes', 'created_at'])
      .where('listing_id', '=', listingId)
      .where('id', '=', photoId)
      .executeTakeFirst();
    return (
      row && {
        contentType: row.content_type,
        bytes: Buffer.from(row.bytes),
        createdAt: toNumber(row.created_at),
      }
    );
  }

  async deletePhoto(listingId: string, photoId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('listing_photos')
      .where('listing_id', '=', listingId)
      .where('id', '=', photoId)
      .executeTakeFirst();
    return toNumber(result.numDeletedRows) === 1;
  }

  // ---- the inverted index ---------------------------------------------------------------------

  /** Replaces a listing's terms (an edit); with an empty map just removes them (close, expire). */
  async setTerms(listingId: string, direction: Direction, divisionCode: string, terms: Map<string, number>) {
    await this.db.deleteFrom('listing_terms').where('listing_id', '=', listingId).execute();
    await this.insertTerms([{ listingId, direction, divisionCode, terms }]);
  }

  async insertTerms(
    items: { listingId: string; direction: Direction; divisionCode: string; terms: Map<string, number> }[],
  ): Promise<void> {
    const rows = items.flatMap((item) =>
      [...item.terms].map(([term, weight]) => ({
        term,
        listing_id: item.listingId,
        direction: item.direction,
        weight,
        division_code: item.divisionCode,
      })),
    );
    // 5 parameters a row: 2000 rows stay well under both databases' parameter limits.
    for (let i = 0; i < rows.length; i += 2000) {
      await this.db
        .insertInto('listing_terms')
        .values(rows.slice(i, i + 2000))
        .onConflict((oc) => oc.columns(['term', 'direction', 'listing_id']).doNothing())
        .execute();
    }
  }

  /**
   * How many listings of a direction have each term, counted up to `cap` (a term in more is as
   * good as a stopword, and counting further would cost time for nothing).
   */
  async documentFrequencies(
    terms: readonly string[],
    direction: Direction,
    cap: number,
  ): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    await Promise.all(
      terms.map(async (term) => {
        const row = await this.db
          .selectFrom((eb) =>
            eb
              .selectFrom('listing_terms')
              .select('listing_id')
              .where('term', '=', term)
              .where('direction', '=', direction)
              .limit(cap)
              .as('t'),
          )
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        result.set(term, toNumber(row?.n));
      }),
    );
    return result;
  }

  async openCount(direction: Direction): Promise<number> {
    const row = await this.db
      .selectFrom('listings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'open')
      .where('direction', '=', direction)
      .executeTakeFirst();
    return toNumber(row?.n);
  }

  /**
   * Listings of `direction` scored by Σ weight × term weight over the given terms (one pass over
   * the covering index), best first, then newest. `within` narrows to a division prefix; the
   * proximity bonus adds to listings in `near.community` / `near.street`.
   */
  async termSearch(input: {
    terms: Map<string, number>;
    direction: Direction;
    within?: string | undefined;
    limit: number;
    offset?: number;
    near?: { community: string; street: string; community_bonus: number; street_bonus: number };
    filters?: {
      kind?: string | undefined;
      category?: string | undefined;
      compoundId?: string | undefined;
      ownerId?: string | undefined;
    };
  }): Promise<TermHit[]> {
    if (input.terms.size === 0) return [];
    const entries = [...input.terms];
    const termWeight = sql<number>`case ${sql.ref('t.term')} ${sql.join(
      entries.map(([term, w]) => sql`when ${term} then ${sql.lit(Math.round(w * 1000) / 1000)}`),
      sql` `,
    )} else 0 end`;
    let score = sql<number>`sum(${sql.ref('t.weight')} * ${termWeight})`;
    if (input.near) {
      const n = input.near;
      score = sql<number>`${score} + max(case when ${sql.ref('t.division_code')} = ${n.community} then ${sql.lit(n.community_bonus)} when ${sql.ref('t.division_code')} like ${`${n.street}%`} then ${sql.lit(n.street_bonus)} else 0 end)`;
    }
    let q = this.db
      .selectFrom('listing_terms as t')
      .select(['t.listing_id', (eb) => eb.fn.max('t.division_code').as('division_code'), score.as('score')])
      .where(
        't.term',
        'in',
        entries.map(([t]) => t),
      )
      .where('t.direction', '=', input.direction);
    if (input.within)
      q = q.where('t.division_code', '>=', input.within).where('t.division_code', '<', `${input.within}~`);
    const f = input.filters;
    if (f && (f.kind || f.category || f.compoundId || f.ownerId)) {
      // Filters on the listing itself: join only when asked, the plain lookup stays index-only.
      q = q.where((eb) => {
        let sub = eb.selectFrom('listings as l').select('l.id').whereRef('l.id', '=', 't.listing_id');
        if (f.kind) sub = sub.where('l.kind', '=', f.kind as ListingsTable['kind']);
        if (f.category) sub = sub.where('l.category', '=', f.category);
        if (f.compoundId) sub = sub.where('l.compound_id', '=', f.compoundId);
        if (f.ownerId) sub = sub.where('l.owner_id', '=', f.ownerId);
        return eb.exists(sub);
      });
    }
    const rows = await q
      .groupBy('t.listing_id')
      .orderBy('score', 'desc')
      .orderBy('t.listing_id', 'desc')
      .limit(input.limit)
      .offset(input.offset ?? 0)
      .execute();
    return rows.map((r) => ({
      listingId: r.listing_id,
      divisionCode: String(r.division_code ?? ''),
      score: Number(r.score),
    }));
  }

  /** Open listings of these categories (a match's category candidates), nearest community first. */
  async byCategories(input: {
    district: string;
    categories: readonly string[];
    direction: Direction;
    community: string;
    now: number;
    limit: number;
  }): Promise<string[]> {
    if (input.categories.length === 0) return [];
    // Only the community's own listings: an index range (status, direction, community), never a
    // district-wide scan; farther candidates come from the term index.
    const rows = await this.db
      .selectFrom('listings')
      .select('id')
      .where('status', '=', 'open')
      .where('direction', '=', input.direction)
      .where('division_code', '=', input.community)
      .where('district_code', '=', input.district)
      // `|| ''` and unary `+` keep the planner on the (status, direction, community) index: left
      // bare, SQLite walks every open listing by expiry or category instead.
      .where(sql<string>`${sql.ref('category')} || ''`, 'in', input.categories)
      .where(sql<number>`+${sql.ref('expires_at')}`, '>', input.now)
      // No ORDER BY: it would tempt SQLite to walk the primary key instead of the index.
      .limit(input.limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Open offers with alerts on whose owner is in `ownerIds`' reach: for need notifications. */
  async helperLoad(accountIds: readonly string[]) {
    const map = new Map<string, { active: number; completed: number; lastCompletedAt: number | null }>();
    if (accountIds.length === 0) return map;
    const rows = await this.db
      .selectFrom('helper_load')
      .select(['account_id', 'active', 'completed', 'last_completed_at'])
      .where('account_id', 'in', [...new Set(accountIds)])
      .execute();
    for (const r of rows)
      map.set(r.account_id, {
        active: toNumber(r.active),
        completed: toNumber(r.completed),
        lastCompletedAt: nullableNumber(r.last_completed_at),
      });
    return map;
  }

  /** The reader's home and verification, for `near`, abilities and the default place. */
  async reader(accountId: string) {
    const row = await this.db
      .selectFrom('accounts')
      .select(['home_division', 'compound_id', 'verification', 'status'])
      .where('id', '=', accountId)
      .executeTakeFirst();
    return (
      row && {
        homeDivision: row.home_division,
        compoundId: row.compound_id,
        verification: row.verification as Level,
        active: row.status === 'active',
      }
    );
  }

  async compound(id: string) {
    return this.db
      .selectFrom('compounds')
      .select(['id', 'community_code', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Whether anything of a district (12-digit code) has been imported: itself or a place in it. */
  async districtImported(district: string): Promise<boolean> {
    const prefix = district.slice(0, 6);
    const row = await this.db
      .selectFrom('divisions')
      .select('code')
      .where('code', '>=', `${prefix}000000`)
      .where('code', '<=', `${prefix}999999`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async divisionLevel(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('divisions')
      .select('level')
      .where('code', '=', code)
      .executeTakeFirst();
    return row?.level;
  }
}

export interface BrowseFilter {
  now: number;
  ownerId?: string | undefined;
  status?: ListingsTable['status'] | undefined;
  direction?: Direction | undefined;
  kind?: ListingsTable['kind'] | undefined;
  category?: string | undefined;
  within?: string | undefined;
  compoundId?: string | undefined;
  before?: string | undefined;
}

function categoryValues(r: CategoryRow, by: string | null, at: number) {
  return {
    district_code: r.districtCode,
    key: r.key,
    group_key: r.group,
    name_zh: r.nameZh,
    name_en: r.nameEn,
    keywords: JSON.stringify(r.keywords),
    required_verification: r.requiredVerification,
    sort_order: r.sortOrder,
    active: r.active ? 1 : 0,
    updated_by: by,
    updated_at: at,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a joined row with the view's extra columns
function mapView(r: any): ListingRow {
  return {
    id: r.id,
    ownerId: r.owner_id,
    actedBy: r.acted_by,
    direction: r.direction,
    kind: r.kind,
    title: r.title,
    description: r.description,
    districtCode: r.district_code,
    category: r.category,
    tags: JSON.parse(r.tags) as string[],
    divisionCode: r.division_code,
    compoundId: r.compound_id,
    compoundName: r.compound_name ?? null,
    availability: JSON.parse(r.availability) as AvailabilitySlot[],
    deadline: nullableNumber(r.deadline),
    minutes: nullableNumber(r.minutes),
    points: nullableNumber(r.points),
    requiredVerification: r.required_verification,
    capacity: toNumber(r.capacity),
    openSlots: toNumber(r.open_slots),
    alerts: toNumber(r.alerts) === 1,
    status: r.status,
    expiresAt: toNumber(r.expires_at),
    createdAt: toNumber(r.created_at),
    updatedAt: toNumber(r.updated_at),
    closedAt: nullableNumber(r.closed_at),
    poster: {
      nickname: r.nickname,
      verification: r.verification,
      partyMember: toNumber(r.party_member) === 1,
      avatarAt: nullableNumber(r.avatar_at),
      homeCompoundId: r.home_compound_id ?? null,
      completed: toNumber(r.completed),
      active: toNumber(r.active),
      lastCompletedAt: nullableNumber(r.last_completed_at),
    },
  };
}
