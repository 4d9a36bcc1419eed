import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Hours, Policy } from '../../../common/schemas/huts.js';
import { type DialectName, forUpdate, likeEscape, likeExpr, toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { PolicyRule } from './huts.policy.js';

type Executor = Kysely<Database> | Transaction<Database>;
export type HutRow = Selectable<Database['huts']>;
export type ItemRow = Selectable<Database['hut_items']>;
export type UnitRow = Selectable<Database['hut_units']>;
export type HoldRow = Selectable<Database['hut_holds']>;
export type LoanRow = Selectable<Database['hut_loans']>;

/** Loan states in which a copy is out of the hut (or promised to a neighbour). */
export const OPEN_LOAN = ['accepted', 'active'] as const;
export const LIVE_HOLD = ['waiting', 'ready'] as const;

/**
 * The only place that reads and writes the huts tables. State changes are conditional updates
 * that report whether they won (`true`), so callers turn a lost race into a clear problem.
 */
export class HutsRepository {
  constructor(
    /** The database or the caller's transaction (other modules' reads go through it too). */
    readonly db: Executor,
    private readonly dialect: DialectName,
  ) {}

  // ---- huts -----------------------------------------------------------------------------------

  async insertHut(row: Database['huts']): Promise<void> {
    await this.db.insertInto('huts').values(row).execute();
  }

  async updateHut(id: string, set: { name: string; address: string; hours: string; updated_at: number }) {
    await this.db.updateTable('huts').set(set).where('id', '=', id).execute();
  }

  async hut(id: string): Promise<HutRow | undefined> {
    return this.db.selectFrom('huts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async hutsOf(communityCode: string): Promise<HutRow[]> {
    return this.db
      .selectFrom('huts')
      .selectAll()
      .where('community_code', '=', communityCode)
      .where('active', '=', 1)
      .orderBy('created_at')
      .execute();
  }

  async hutsUnder(prefix: string): Promise<HutRow[]> {
    return this.db
      .selectFrom('huts')
      .selectAll()
      .where('community_code', 'like', `${likeEscape(prefix)}%`)
      .where('active', '=', 1)
      .orderBy('community_code')
      .execute();
  }

  async itemCounts(hutIds: string[]): Promise<Map<string, number>> {
    if (hutIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('hut_items')
      .select(['hut_id', (eb) => eb.fn.countAll().as('n')])
      .where('hut_id', 'in', hutIds)
      .where('status', '=', 'active')
      .groupBy('hut_id')
      .execute();
    return new Map(rows.map((r) => [r.hut_id, toNumber(r.n)]));
  }

  async keepers(hutId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('hut_keepers')
      .select('account_id')
      .where('hut_id', '=', hutId)
      .execute();
    return rows.map((r) => r.account_id);
  }

  async addKeeper(hutId: string, accountId: string, at: number): Promise<void> {
    await this.db
      .insertInto('hut_keepers')
      .values({ hut_id: hutId, account_id: accountId, created_at: at })
      .onConflict((oc) => oc.columns(['hut_id', 'account_id']).doNothing())
      .execute();
  }

  async removeKeeper(hutId: string, accountId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('hut_keepers')
      .where('hut_id', '=', hutId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async closures(hutId: string, fromDate = '0000-00-00'): Promise<{ date: string; reason: string }[]> {
    return this.db
      .selectFrom('hut_closures')
      .select(['date', 'reason'])
      .where('hut_id', '=', hutId)
      .where('date', '>=', fromDate)
      .orderBy('date')
      .execute();
  }

  async addClosure(hutId: string, date: string, reason: string, at: number): Promise<void> {
    await this.db
      .insertInto('hut_closures')
      .values({ hut_id: hutId, date, reason, created_at: at })
      .onConflict((oc) => oc.columns(['hut_id', 'date']).doUpdateSet({ reason }))
      .execute();
  }

  async removeClosure(hutId: string, date: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('hut_closures')
      .where('hut_id', '=', hutId)
      .where('date', '=', date)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // ---- items and units ------------------------------------------------------------------------

  async insertItem(row: Database['hut_items']): Promise<void> {
    await this.db.insertInto('hut_items').values(row).execute();
  }

  async insertUnits(rows: Database['hut_units'][]): Promise<void> {
    if (rows.length) await this.db.insertInto('hut_units').values(rows).execute();
  }

  async item(id: string): Promise<ItemRow | undefined> {
    return this.db.selectFrom('hut_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The item row under a row lock (PostgreSQL), so counters and queues change one at a time. */
  async lockItem(id: string): Promise<ItemRow | undefined> {
    return forUpdate(
      this.dialect,
      this.db.selectFrom('hut_items').selectAll().where('id', '=', id),
    ).executeTakeFirst();
  }

  async units(itemId: string): Promise<UnitRow[]> {
    return this.db
      .selectFrom('hut_units')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('label')
      .execute();
  }

  async unitsOfItems(itemIds: string[]): Promise<UnitRow[]> {
    if (itemIds.length === 0) return [];
    return this.db
      .selectFrom('hut_units')
      .selectAll()
      .where('item_id', 'in', itemIds)
      .orderBy('label')
      .execute();
  }

  async unit(id: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('hut_units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async unitByLabel(label: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('hut_units').selectAll().where('label', '=', label).executeTakeFirst();
  }

  /** Moves a unit from one status to another only if it is still in `from` (the race guard). */
  async moveUnit(
    id: string,
    from: readonly string[],
    to: string,
    at: number,
    extra: { condition?: string; note?: string | null } = {},
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('hut_units')
      .set({
        status: to,
        updated_at: at,
        version: sql<number>`version + 1`,
        ...(extra.condition ? { condition: extra.condition } : {}),
        ...(extra.note !== undefined ? { note: extra.note } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Takes one available unit of an item for a hold, trying each in turn (another may win one). */
  async availableUnitIds(itemId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('hut_units')
      .select('id')
      .where('item_id', '=', itemId)
      .where('status', '=', 'available')
      .orderBy('label')
      .limit(20)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Takes pooled stock only if enough is left (the race guard for pooled items). */
  async takeStock(itemId: string, quantity: number, consumable: boolean, at: number): Promise<boolean> {
    const r = await this.db
      .updateTable('hut_items')
      .set({
        stock_available: sql<number>`stock_available - ${quantity}`,
        ...(consumable ? { stock_total: sql<number>`stock_total - ${quantity}` } : {}),
        updated_at: at,
      })
      .where('id', '=', itemId)
      .where('stock_available', '>=', quantity)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async giveBackStock(itemId: string, quantity: number, at: number): Promise<void> {
    await this.db
      .updateTable('hut_items')
      .set({ stock_available: sql<number>`stock_available + ${quantity}`, updated_at: at })
      .where('id', '=', itemId)
      .execute();
  }

  async countLoan(itemId: string, at: number): Promise<void> {
    await this.db
      .updateTable('hut_items')
      .set({ loan_count: sql<number>`loan_count + 1`, last_loan_at: at })
      .where('id', '=', itemId)
      .execute();
  }

  async retireItem(itemId: string, at: number): Promise<void> {
    await this.db
      .updateTable('hut_items')
      .set({ status: 'retired', updated_at: at })
      .where('id', '=', itemId)
      .execute();
    await this.db.deleteFrom('hut_item_terms').where('item_id', '=', itemId).execute();
  }

  /** Retires every unit not on loan; returns how many units are still out (then the caller undoes). */
  async retireUnitsOf(itemId: string, at: number): Promise<number> {
    await this.db
      .updateTable('hut_units')
      .set({ status: 'retired', updated_at: at, version: sql<number>`version + 1` })
      .where('item_id', '=', itemId)
      .where('status', 'in', ['available', 'on_hold', 'sanitising', 'maintenance'])
      .execute();
    return this.openLoansOfItem(itemId);
  }

  async openLoansOfItem(itemId: string): Promise<number> {
    const row = await this.db
      .selectFrom('hut_loans')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('item_id', '=', itemId)
      .where('status', 'in', [...OPEN_LOAN])
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  async setTerms(itemId: string, communityCode: string, weights: Map<string, number>): Promise<void> {
    await this.db.deleteFrom('hut_item_terms').where('item_id', '=', itemId).execute();
    const rows = [...weights].map(([term, weight]) => ({
      term,
      item_id: itemId,
      community_code: communityCode,
      weight,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await this.db
        .insertInto('hut_item_terms')
        .values(rows.slice(i, i + 200))
        .execute();
  }

  /**
   * Catalogue search: items having every query term (through the term index), or, when the index
   * has none of them, a title LIKE match. Scoped by hut or by a division prefix; keyset-paged.
   */
  async search(filter: {
    terms: string[];
    likeText: string | null;
    hutId?: string | undefined;
    communityPrefix?: string | undefined;
    category?: string | undefined;
    available?: boolean | undefined;
    after?: { score: number; id: string } | undefined;
    limit: number;
  }): Promise<SearchRow[]> {
    // Availability and the first photo come with each row (three small index lookups per row of
    // the page), so a search is one statement.
    let q = this.db
      .selectFrom('hut_items as i')
      .selectAll('i')
      .select((eb) => [
        eb
          .selectFrom('hut_units as u')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('u.item_id', '=', 'i.id')
          .where('u.status', '=', 'available')
          .as('units_available'),
        eb
          .selectFrom('hut_units as u')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('u.item_id', '=', 'i.id')
          .where('u.status', '<>', 'retired')
          .as('units_total'),
        eb
          .selectFrom('hut_item_photos as p')
          .select('p.id')
          .whereRef('p.item_id', '=', 'i.id')
          .where('p.position', '=', 0)
          .as('thumb_id'),
      ])
      .where('i.status', '=', 'active');
    if (filter.hutId) q = q.where('i.hut_id', '=', filter.hutId);
    // A community by equality (its index); a street or district by prefix.
    if (filter.communityPrefix?.length === 12) q = q.where('i.community_code', '=', filter.communityPrefix);
    else if (filter.communityPrefix)
      q = q.where('i.community_code', 'like', `${likeEscape(filter.communityPrefix)}%`);
    if (filter.category) q = q.where('i.category', '=', filter.category);
    if (filter.available)
      q = q.where((eb) =>
        eb.or([
          eb('i.stock_available', '>', 0),
          eb.exists(
            eb
              .selectFrom('hut_units as u')
              .select('u.id')
              .whereRef('u.item_id', '=', 'i.id')
              .where('u.status', '=', 'available'),
          ),
        ]),
      );
    const community = filter.communityPrefix?.length === 12 ? filter.communityPrefix : undefined;
    if (filter.terms.length) {
      // Driven by the rarest word's ranked index walk, the others checked per candidate
      // (primary-key lookups), so a search stops once its page is full instead of aggregating
      // every match across the district.
      const [lead, ...rest] = await this.rarestFirst(filter.terms, community);
      let scored = q
        .innerJoin('hut_item_terms as t', 't.item_id', 'i.id')
        .where('t.term', '=', lead!)
        .$if(!!community, (qb) => qb.where('t.community_code', '=', community!))
        .select('t.weight as score');
      for (const other of rest)
        scored = scored.where((eb) =>
          eb.exists(
            eb
              .selectFrom('hut_item_terms as o')
              .select('o.item_id')
              .whereRef('o.item_id', '=', 't.item_id')
              .where('o.term', '=', other),
          ),
        );
      if (filter.after) {
        const { score, id } = filter.after;
        scored = scored.where((eb) =>
          eb.or([eb('t.weight', '<', score), eb.and([eb('t.weight', '=', score), eb('t.item_id', '<', id)])]),
        );
      }
      const rows = await scored
        .orderBy('t.weight', 'desc')
        .orderBy('t.item_id', 'desc')
        .limit(filter.limit)
        .execute();
      return rows.map((r) => searchRow(r, r.score));
    }
    if (filter.likeText) q = q.where(likeExpr(sql.ref('i.title'), `%${likeEscape(filter.likeText)}%`));
    if (filter.after) q = q.where('i.id', '<', filter.after.id);
    const rows = await q.orderBy('i.id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => searchRow(r, 0));
  }

  /** Terms ordered by how many items have them (counted up to a cap, from the index only). */
  private async rarestFirst(terms: string[], community: string | undefined): Promise<string[]> {
    if (terms.length < 2) return terms;
    const counts = new Map<string, number>();
    for (const term of terms) {
      const row = await this.db
        .selectFrom((eb) =>
          eb
            .selectFrom('hut_item_terms')
            .select('item_id')
            .where('term', '=', term)
            .$if(!!community, (qb) => qb.where('community_code', '=', community!))
            .limit(20_000)
            .as('x'),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      counts.set(term, toNumber(row.n));
    }
    return [...terms].sort((a, b) => counts.get(a)! - counts.get(b)! || (a < b ? -1 : 1));
  }

  /** Planner statistics after a bulk load (both databases understand `analyze <table>`). */
  async analyze(): Promise<void> {
    for (const table of ['hut_items', 'hut_item_terms', 'hut_units', 'hut_holds', 'hut_loans'])
      await sql.raw(`analyze ${table}`).execute(this.db);
  }

  async availableCounts(itemIds: string[]): Promise<Map<string, { available: number; total: number }>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('hut_units')
      .select([
        'item_id',
        (eb) => eb.fn.countAll().as('total'),
        sql<number>`sum(case when status = 'available' then 1 else 0 end)`.as('available'),
      ])
      .where('item_id', 'in', itemIds)
      .where('status', '<>', 'retired')
      .groupBy('item_id')
      .execute();
    return new Map(
      rows.map((r) => [r.item_id, { available: toNumber(r.available), total: toNumber(r.total) }]),
    );
  }

  async photos(itemId: string): Promise<{ id: string; position: number }[]> {
    return this.db
      .selectFrom('hut_item_photos')
      .select(['id', 'position'])
      .where('item_id', '=', itemId)
      .orderBy('position')
      .execute();
  }

  async photo(itemId: string, photoId: string) {
    return this.db
      .selectFrom('hut_item_photos')
      .select(['content_type', 'bytes', 'thumb'])
      .where('item_id', '=', itemId)
      .where('id', '=', photoId)
      .executeTakeFirst();
  }

  async insertLoanPhoto(row: Database['hut_loan_photos']): Promise<void> {
    await this.db.insertInto('hut_loan_photos').values(row).execute();
  }

  async loanPhotos(loanIds: string[]): Promise<{ id: string; loan_id: string; stage: string }[]> {
    if (loanIds.length === 0) return [];
    return this.db
      .selectFrom('hut_loan_photos')
      .select(['id', 'loan_id', 'stage'])
      .where('loan_id', 'in', loanIds)
      .orderBy('created_at')
      .execute();
  }

  async loanPhoto(loanId: string, photoId: string) {
    return this.db
      .selectFrom('hut_loan_photos')
      .select(['content_type', 'bytes', 'thumb'])
      .where('loan_id', '=', loanId)
      .where('id', '=', photoId)
      .executeTakeFirst();
  }

  async insertPhoto(row: Database['hut_item_photos']): Promise<void> {
    await this.db.insertInto('hut_item_photos').values(row).execute();
  }

  // ---- policies -------------------------------------------------------------------------------

  async policyRules(districtCode: string): Promise<PolicyRule[]> {
    const rows = await this.db
      .selectFrom('hut_policies')
      .selectAll()
      .where('district_code', '=', districtCode)
      .execute();
    return rows.map((r) => ({
      hutId: r.hut_id,
      memberKind: r.member_kind,
      category: r.category,
      createdAt: Number(r.created_at),
      policy: {
        loanDays: r.loan_days,
        maxRenewals: r.max_renewals,
        maxLoans: r.max_loans,
        maxHolds: r.max_holds,
        pickupDays: r.pickup_days,
        depositPoints: r.deposit_points,
        needsApproval: Number(r.needs_approval) === 1,
      } satisfies Policy,
    }));
  }

  async insertPolicy(row: Database['hut_policies']): Promise<void> {
    await this.db.insertInto('hut_policies').values(row).execute();
  }

  // ---- holds ----------------------------------------------------------------------------------

  async insertHold(row: Database['hut_holds']): Promise<void> {
    await this.db.insertInto('hut_holds').values(row).execute();
  }

  async hold(id: string): Promise<HoldRow | undefined> {
    return this.db.selectFrom('hut_holds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async liveHold(itemId: string, memberId: string): Promise<HoldRow | undefined> {
    return this.db
      .selectFrom('hut_holds')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('member_id', '=', memberId)
      .where('status', 'in', [...LIVE_HOLD])
      .executeTakeFirst();
  }

  async readyHoldOfUnit(unitId: string): Promise<HoldRow | undefined> {
    return this.db
      .selectFrom('hut_holds')
      .selectAll()
      .where('unit_id', '=', unitId)
      .where('status', '=', 'ready')
      .executeTakeFirst();
  }

  /** The waiting queue of an item, first in line first. */
  async queue(
    itemId: string,
    statuses: readonly string[] = ['waiting'],
    approvedOnly = false,
  ): Promise<HoldRow[]> {
    return this.db
      .selectFrom('hut_holds')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('status', 'in', [...statuses])
      .$if(approvedOnly, (qb) => qb.where('approved', '=', 1))
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  async waitingCount(itemIds: string[]): Promise<Map<string, number>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('hut_holds')
      .select(['item_id', (eb) => eb.fn.countAll().as('n')])
      .where('item_id', 'in', itemIds)
      .where('status', '=', 'waiting')
      .groupBy('item_id')
      .execute();
    return new Map(rows.map((r) => [r.item_id, toNumber(r.n)]));
  }

  /** Changes a hold only if it is still in `from` at `version` (the race guard). */
  async moveHold(
    id: string,
    from: readonly string[],
    set: Partial<Omit<Database['hut_holds'], 'id' | 'version'>> & { updated_at: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('hut_holds')
      .set({ ...set, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async memberHolds(memberId: string, statuses: readonly string[]): Promise<HoldRow[]> {
    return this.db
      .selectFrom('hut_holds')
      .selectAll()
      .where('member_id', '=', memberId)
      .where('status', 'in', [...statuses])
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
  }

  async countMemberHolds(memberId: string): Promise<number> {
    const row = await this.db
      .selectFrom('hut_holds')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('member_id', '=', memberId)
      .where('status', 'in', [...LIVE_HOLD])
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  async expiredReadyHolds(beforeDate: string, limit: number): Promise<HoldRow[]> {
    return this.db
      .selectFrom('hut_holds')
      .selectAll()
      .where('status', '=', 'ready')
      .where('pickup_by', '<', beforeDate)
      .orderBy('pickup_by')
      .limit(limit)
      .execute();
  }

  async readyHoldsOfHutOn(hutId: string, date: string): Promise<HoldRow[]> {
    return this.db
      .selectFrom('hut_holds as h')
      .innerJoin('hut_items as i', 'i.id', 'h.item_id')
      .selectAll('h')
      .where('i.hut_id', '=', hutId)
      .where('h.status', '=', 'ready')
      .where('h.pickup_by', '>=', date)
      .execute();
  }

  // ---- loans ----------------------------------------------------------------------------------

  async insertLoan(row: Database['hut_loans']): Promise<void> {
    await this.db.insertInto('hut_loans').values(row).execute();
  }

  async loan(id: string): Promise<LoanRow | undefined> {
    return this.db.selectFrom('hut_loans').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async openLoanOfUnit(unitId: string): Promise<LoanRow | undefined> {
    return this.db
      .selectFrom('hut_loans')
      .selectAll()
      .where('unit_id', '=', unitId)
      .where('status', 'in', [...OPEN_LOAN])
      .executeTakeFirst();
  }

  /** Changes a loan only if it is still at `version` (the race guard). */
  async updateLoan(
    id: string,
    version: number,
    set: Partial<Omit<Database['hut_loans'], 'id' | 'version'>> & { updated_at: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('hut_loans')
      .set({ ...set, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records the deposit's state on a loan (not a versioned change: it moves with the loan's own). */
  async setDeposit(id: string, points: number, status: string, transferId: string | null, at: number) {
    await this.db
      .updateTable('hut_loans')
      .set({
        deposit_points: points,
        deposit_status: status,
        deposit_transfer_id: transferId,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  async countMemberLoans(memberId: string): Promise<number> {
    const row = await this.db
      .selectFrom('hut_loans')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('borrower_id', '=', memberId)
      .where('status', 'in', [...OPEN_LOAN])
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  async memberHasItem(memberId: string, itemId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('hut_loans')
      .select('id')
      .where('borrower_id', '=', memberId)
      .where('item_id', '=', itemId)
      .where('status', 'in', ['requested', ...OPEN_LOAN])
      .executeTakeFirst();
    return !!row;
  }

  async loansOf(
    who: { borrowerId?: string; lenderId?: string },
    statuses: readonly string[],
  ): Promise<LoanRow[]> {
    let q = this.db
      .selectFrom('hut_loans')
      .selectAll()
      .where('status', 'in', [...statuses]);
    if (who.borrowerId) q = q.where('borrower_id', '=', who.borrowerId);
    if (who.lenderId) q = q.where('lender_id', '=', who.lenderId);
    return q.orderBy('created_at', 'desc').limit(200).execute();
  }

  async loansAtHut(borrowerId: string, hutId: string, statuses: readonly string[]): Promise<LoanRow[]> {
    return this.db
      .selectFrom('hut_loans')
      .selectAll()
      .where('borrower_id', '=', borrowerId)
      .where('hut_id', '=', hutId)
      .where('status', 'in', [...statuses])
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
  }

  async activeLoansDueOn(hutId: string, date: string): Promise<LoanRow[]> {
    return this.db
      .selectFrom('hut_loans')
      .selectAll()
      .where('hut_id', '=', hutId)
      .where('status', '=', 'active')
      .where('due_date', '=', date)
      .execute();
  }

  async overdue(hutId: string | null, today: string, limit: number): Promise<LoanRow[]> {
    let q = this.db
      .selectFrom('hut_loans')
      .selectAll()
      .where('status', '=', 'active')
      .where('kind', '=', 'desk')
      .where('due_date', '<', today);
    if (hutId) q = q.where('hut_id', '=', hutId);
    return q.orderBy('due_date').limit(limit).execute();
  }

  async dueOn(date: string, notRemindedSince: number, limit: number): Promise<LoanRow[]> {
    return this.db
      .selectFrom('hut_loans')
      .selectAll()
      .where('status', '=', 'active')
      .where('kind', '=', 'desk')
      .where('due_date', '<=', date)
      .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<', notRemindedSince)]))
      .orderBy('due_date')
      .limit(limit)
      .execute();
  }

  async markReminded(ids: string[], at: number): Promise<void> {
    if (ids.length)
      await this.db.updateTable('hut_loans').set({ reminded_at: at }).where('id', 'in', ids).execute();
  }

  // ---- history --------------------------------------------------------------------------------

  /** A member's loans that came back, with the trust-log index of each return (newest first). */
  async returnedLoansOf(accountId: string) {
    const rows = await this.db
      .selectFrom('hut_loans as l')
      .innerJoin('hut_item_events as e', (join) =>
        join.onRef('e.loan_id', '=', 'l.id').on('e.kind', '=', 'returned'),
      )
      .select(['l.kind', 'l.due_date', 'l.return_by', 'l.returned_at', 'e.log_index'])
      .where('l.borrower_id', '=', accountId)
      .where('l.returned_at', 'is not', null)
      .where('e.log_index', 'is not', null)
      .orderBy('e.log_index', 'desc')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      dueDate: r.due_date,
      returnBy: r.return_by === null ? null : Number(r.return_by),
      returnedAt: Number(r.returned_at),
      logIndex: Number(r.log_index),
    }));
  }

  async insertEvent(row: Database['hut_item_events']): Promise<void> {
    await this.db.insertInto('hut_item_events').values(row).execute();
  }

  async events(itemId: string, limit: number) {
    return this.db
      .selectFrom('hut_item_events as e')
      .leftJoin('hut_units as u', 'u.id', 'e.unit_id')
      .select(['e.kind', 'e.data', 'e.log_index', 'e.created_at', 'u.label'])
      .where('e.item_id', '=', itemId)
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
  }

  // ---- member codes ---------------------------------------------------------------------------

  async memberCodeOf(accountId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('hut_member_codes')
      .select('code')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.code;
  }

  async insertMemberCode(accountId: string, code: string, at: number): Promise<void> {
    await this.db
      .insertInto('hut_member_codes')
      .values({ account_id: accountId, code, created_at: at })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }

  /**
   * Serialises one member's holds and loans (their member-code row, made if missing, locked on
   * PostgreSQL), so two requests at once cannot both fit under a limit.
   */
  async lockMember(accountId: string, newCode: string, at: number): Promise<void> {
    await this.insertMemberCode(accountId, newCode, at);
    await forUpdate(
      this.dialect,
      this.db.selectFrom('hut_member_codes').select('account_id').where('account_id', '=', accountId),
    ).executeTakeFirst();
  }

  async memberByCode(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('hut_member_codes')
      .select('account_id')
      .where('code', '=', code)
      .executeTakeFirst();
    return row?.account_id;
  }

  // ---- reports --------------------------------------------------------------------------------

  /** Per item of a hut: copies, loans started in [from, to) and copy-days on loan within it. */
  async utilisation(hutId: string, from: number, to: number) {
    const items = await this.db
      .selectFrom('hut_items as i')
      .select([
        'i.id',
        'i.title',
        'i.category',
        'i.pooled',
        'i.stock_total',
        'i.last_loan_at',
        'i.loan_count',
      ])
      .where('i.hut_id', '=', hutId)
      .where('i.status', '=', 'active')
      .execute();
    const loans = await this.db
      .selectFrom('hut_loans')
      .select(['item_id', 'quantity', 'checked_out_at', 'returned_at'])
      .where('hut_id', '=', hutId)
      .where('checked_out_at', 'is not', null)
      .where('checked_out_at', '<', to)
      .where((eb) => eb.or([eb('returned_at', 'is', null), eb('returned_at', '>=', from)]))
      .execute();
    const counts = await this.availableCounts(items.map((i) => i.id));
    return { items, loans, counts };
  }
}

export type SearchRow = ItemRow & {
  score: number;
  unitsAvailable: number;
  unitsTotal: number;
  thumbId: string | null;
};

function searchRow(
  r: ItemRow & { units_available: unknown; units_total: unknown; thumb_id: string | null },
  score: unknown,
): SearchRow {
  const { units_available, units_total, thumb_id, ...item } = r;
  return {
    ...item,
    score: toNumber(score),
    unitsAvailable: toNumber(units_available),
    unitsTotal: toNumber(units_total),
    thumbId: thumb_id,
  };
}

/** Hours as stored (JSON text) to the contract's shape. */
export function parseHours(text: string): Hours {
  try {
    return JSON.parse(text) as Hours;
  } catch {
    return {};
  }
}
