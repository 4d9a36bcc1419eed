import { type Kysely, sql, type Transaction } from 'kysely';
import { type DialectName, forUpdate, toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface StatementFilter {
  type?: string | undefined;
  direction?: 'in' | 'out' | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface StatementRow {
  seq: number;
  transferId: string;
  type: string;
  amount: number;
  balanceAfter: number;
  memo: string | null;
  logIndex: number;
  createdAt: number;
}

export interface Counterpart {
  accountId: string;
  kind: string;
  ownerId: string | null;
  divisionCode: string;
  amount: number;
}

/** Queries of the love bank. The posting rules themselves live in Ledger. */
export class PointsRepository {
  constructor(private readonly db: Executor) {}

  async latestRules(
    district: string,
  ): Promise<{ version: number; rules: string; createdAt: number } | undefined> {
    const row = await this.db
      .selectFrom('points_rules')
      .select(['version', 'rules', 'created_at'])
      .where('district_code', '=', district)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && { version: Number(row.version), rules: row.rules, createdAt: Number(row.created_at) };
  }

  async rulesHistory(district: string) {
    const rows = await this.db
      .selectFrom('points_rules')
      .select(['version', 'rules', 'created_at'])
      .where('district_code', '=', district)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({ version: Number(r.version), rules: r.rules, createdAt: Number(r.created_at) }));
  }

  async insertRules(district: string, version: number, rules: string, by: string | null, at: number) {
    await this.db
      .insertInto('points_rules')
      .values({ district_code: district, version, rules, created_by: by, created_at: at })
      .execute();
  }

  async account(id: string) {
    const row = await this.db
      .selectFrom('points_accounts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        balance: Number(row.balance),
        creditLimit: row.credit_limit === null ? null : Number(row.credit_limit),
        flagged: Number(row.flagged) === 1,
        divisionCode: row.division_code,
        priority: row.priority,
        giftMonth: row.gift_month,
        giftedInMonth: Number(row.gifted_in_month),
      }
    );
  }

  /** Points received and given over an account's whole history. */
  async totals(id: string): Promise<{ received: number; given: number }> {
    const row = await this.db
      .selectFrom('points_postings')
      .select([
        sql<number>`coalesce(sum(case when amount > 0 then amount else 0 end), 0)`.as('received'),
        sql<number>`coalesce(sum(case when amount < 0 then -amount else 0 end), 0)`.as('given'),
      ])
      .where('account_id', '=', id)
      .executeTakeFirstOrThrow();
    return { received: toNumber(row.received), given: toNumber(row.given) };
  }

  async statement(
    accountId: string,
    filter: StatementFilter,
    cursor: number | undefined,
    limit: number,
    order: 'asc' | 'desc' = 'desc',
  ): Promise<StatementRow[]> {
    let query = this.db
      .selectFrom('points_postings as p')
      .innerJoin('points_transfers as t', 't.id', 'p.transfer_id')
      .select([
        'p.seq',
        'p.transfer_id',
        't.type',
        'p.amount',
        'p.balance_after',
        't.memo',
        't.log_index',
        'p.created_at',
      ])
      .where('p.account_id', '=', accountId);
    if (cursor !== undefined) query = query.where('p.seq', order === 'desc' ? '<' : '>', cursor);
    if (filter.type) query = query.where('t.type', '=', filter.type);
    if (filter.direction === 'in') query = query.where('p.amount', '>', 0);
    if (filter.direction === 'out') query = query.where('p.amount', '<', 0);
    if (filter.from !== undefined) query = query.where('p.created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('p.created_at', '<=', filter.to);
    const rows = await query.orderBy('p.seq', order).limit(limit).execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      transferId: r.transfer_id,
      type: r.type,
      amount: Number(r.amount),
      balanceAfter: Number(r.balance_after),
      memo: r.memo,
      logIndex: Number(r.log_index),
      createdAt: Number(r.created_at),
    }));
  }

  /** The balance just before an instant: the running balance of the last earlier posting. */
  async balanceBefore(accountId: string, at: number): Promise<number> {
    const row = await this.db
      .selectFrom('points_postings')
      .select('balance_after')
      .where('account_id', '=', accountId)
      .where('created_at', '<', at)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.balance_after) : 0;
  }

  /** All postings of these transfers, for naming the other side of each statement line. */
  async counterparts(transferIds: string[]): Promise<Map<string, Counterpart[]>> {
    const result = new Map<string, Counterpart[]>();
    if (transferIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('points_postings as p')
      .innerJoin('points_accounts as a', 'a.id', 'p.account_id')
      .select(['p.transfer_id', 'p.account_id', 'p.amount', 'a.kind', 'a.owner_id', 'a.division_code'])
      .where('p.transfer_id', 'in', [...new Set(transferIds)])
      .execute();
    for (const r of rows) {
      const list = result.get(r.transfer_id) ?? [];
      list.push({
        accountId: r.account_id,
        kind: r.kind,
        ownerId: r.owner_id,
        divisionCode: r.division_code,
        amount: Number(r.amount),
      });
      result.set(r.transfer_id, list);
    }
    return result;
  }

  async reversedAmong(transferIds: string[]): Promise<Set<string>> {
    if (transferIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('points_transfers')
      .select('reverses_id')
      .where('reverses_id', 'in', [...new Set(transferIds)])
      .execute();
    return new Set(rows.map((r) => r.reverses_id!));
  }

  async transfer(id: string) {
    return this.db.selectFrom('points_transfers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async transferAmount(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('points_postings')
      .select(sql<number>`coalesce(sum(case when amount > 0 then amount else 0 end), 0)`.as('total'))
      .where('transfer_id', '=', id)
      .executeTakeFirstOrThrow();
    return toNumber(row.total);
  }

  async postingsOf(transferId: string) {
    const rows = await this.db
      .selectFrom('points_postings as p')
      .innerJoin('points_accounts as a', 'a.id', 'p.account_id')
      .select(['p.account_id', 'p.amount', 'a.division_code'])
      .where('p.transfer_id', '=', transferId)
      .execute();
    return rows.map((r) => ({
      accountId: r.account_id,
      amount: Number(r.amount),
      divisionCode: r.division_code,
    }));
  }

  async reversalOf(transferId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('points_transfers')
      .select('id')
      .where('reverses_id', '=', transferId)
      .executeTakeFirst();
    return !!row;
  }

  async setPriority(id: string, priority: string | null) {
    await this.db.updateTable('points_accounts').set({ priority }).where('id', '=', id).execute();
  }

  async setCreditLimit(id: string, limit: number | null) {
    await this.db.updateTable('points_accounts').set({ credit_limit: limit }).where('id', '=', id).execute();
  }

  async priorityAccounts() {
    const rows = await this.db
      .selectFrom('points_accounts')
      .select(['owner_id', 'priority', 'balance'])
      .where('kind', '=', 'resident')
      .where('priority', 'is not', null)
      .execute();
    return rows.map((r) => ({ ownerId: r.owner_id!, priority: r.priority!, balance: Number(r.balance) }));
  }

  /** Issuance and pool accounts of the communities under a division code prefix. */
  async communityAccounts(prefix: string) {
    const rows = await this.db
      .selectFrom('points_accounts')
      .select(['id', 'balance', 'credit_limit'])
      .where('kind', 'in', ['issuance', 'pool'])
      .where('division_code', 'like', `${prefix}%`)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        { balance: Number(r.balance), creditLimit: r.credit_limit === null ? null : Number(r.credit_limit) },
      ]),
    );
  }

  async insertAdjustment(row: Database['points_adjustments']) {
    await this.db.insertInto('points_adjustments').values(row).execute();
  }

  async adjustment(id: string) {
    return this.db.selectFrom('points_adjustments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async adjustmentForUpdate(id: string, dialect: DialectName) {
    return forUpdate(
      dialect,
      this.db.selectFrom('points_adjustments').selectAll().where('id', '=', id),
    ).executeTakeFirst();
  }

  async adjustmentByKey(requestedBy: string, key: string) {
    return this.db
      .selectFrom('points_adjustments')
      .selectAll()
      .where('requested_by', '=', requestedBy)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  async adjustments(district: string, status?: string) {
    let query = this.db.selectFrom('points_adjustments').selectAll().where('district_code', '=', district);
    if (status) query = query.where('status', '=', status);
    return query.orderBy('created_at', 'desc').limit(200).execute();
  }

  async decideAdjustment(id: string, status: string, by: string, transferId: string | null, at: number) {
    await this.db
      .updateTable('points_adjustments')
      .set({ status, decided_by: by, transfer_id: transferId, decided_at: at })
      .where('id', '=', id)
      .execute();
  }

  async residentDistricts(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('points_accounts')
      .select('division_code')
      .distinct()
      .where('kind', '=', 'resident')
      .execute();
    return rows.map((r) => r.division_code);
  }

  /** Resident accounts of a district that received points before the cut-off and still hold some. */
  async expiryCandidates(district: string, cutoff: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('points_accounts as a')
      .select('a.id')
      .where('a.kind', '=', 'resident')
      .where('a.division_code', '=', district)
      .where('a.balance', '>', 0)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('points_postings as p')
            .select('p.seq')
            .whereRef('p.account_id', '=', 'a.id')
            .where('p.amount', '>', 0)
            .where('p.created_at', '<', cutoff),
        ),
      )
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * What is left of the credits received before the cut-off after every debit so far, since
   * debits take the oldest points first (FIFO).
   */
  async expiringAmount(accountId: string, cutoff: number): Promise<number> {
    const row = await this.db
      .selectFrom('points_postings')
      .select([
        sql<number>`coalesce(sum(case when amount > 0 and created_at < ${cutoff} then amount else 0 end), 0)`.as(
          'old',
        ),
        sql<number>`coalesce(sum(case when amount < 0 then -amount else 0 end), 0)`.as('spent'),
      ])
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Math.max(toNumber(row.old) - toNumber(row.spent), 0);
  }

  async accountsWithPostingSums() {
    const rows = await this.db
      .selectFrom('points_accounts as a')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('points_postings')
            .select([
              'account_id',
              sql<number>`sum(amount)`.as('total'),
              sql<number>`count(*)`.as('n'),
              sql<number>`max(seq)`.as('last_seq'),
            ])
            .groupBy('account_id')
            .as('s'),
        (join) => join.onRef('s.account_id', '=', 'a.id'),
      )
      .leftJoin('points_postings as last', (join) =>
        join.onRef('last.account_id', '=', 'a.id').onRef('last.seq', '=', 's.last_seq'),
      )
      .select([
        'a.id',
        'a.kind',
        'a.balance',
        'a.postings',
        'a.credit_limit',
        'a.flagged',
        'a.division_code',
        's.total',
        's.n',
        'last.balance_after',
      ])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      balance: Number(r.balance),
      postings: Number(r.postings),
      creditLimit: r.credit_limit === null ? null : Number(r.credit_limit),
      flagged: Number(r.flagged) === 1,
      divisionCode: r.division_code,
      postingSum: toNumber(r.total),
      postingCount: toNumber(r.n),
      lastBalanceAfter: r.balance_after === null ? null : Number(r.balance_after),
    }));
  }

  async unbalancedTransfers(): Promise<{ id: string; sum: number }[]> {
    const rows = await this.db
      .selectFrom('points_postings')
      .select(['transfer_id', sql<number>`sum(amount)`.as('total')])
      .groupBy('transfer_id')
      .having(sql`sum(amount)`, '<>', 0)
      .execute();
    return rows.map((r) => ({ id: r.transfer_id, sum: toNumber(r.total) }));
  }

  async transfersWithoutLogEntry(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('points_transfers as t')
      .leftJoin('log_entries as e', 'e.idx', 't.log_index')
      .select('t.id')
      .where((eb) => eb.or([eb('e.idx', 'is', null), eb('e.kind', '<>', 'points.transfer')]))
      .execute();
    return rows.map((r) => r.id);
  }
}
