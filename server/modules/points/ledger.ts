import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TransferType } from '../../../common/schemas/points.js';
import { type DialectName, forNoKeyUpdate } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { Batch } from '../../db/write-batcher.js';
import { AppError } from '../../errors.js';
import type { LogAppender } from '../trustlog/log-appender.js';

export type AccountKind = 'resident' | 'issuance' | 'pool' | 'adjustment' | 'expiry' | 'escrow';

export interface LedgerAccount {
  id: string;
  kind: AccountKind;
  ownerId: string | null;
  divisionCode: string;
  /** The account's own limit; null means the default (residents) or the budget (issuance). */
  creditLimit: number | null;
  balance: number;
  postings: number;
  flagged: boolean;
  priority: string | null;
  /** Points gifted in `giftMonth` (YYYY-MM, China time). */
  giftMonth: string | null;
  giftedInMonth: number;
}

export interface AccountSpec {
  id: string;
  kind: AccountKind;
  ownerId: string | null;
  divisionCode: string;
}

/** Deterministic account ids, so finding an account never needs a lookup table. */
export const accountIds = {
  resident: (accountId: string) => `resident:${accountId}`,
  issuance: (communityCode: string) => `issuance:${communityCode}`,
  pool: (communityCode: string) => `pool:${communityCode}`,
  adjustment: (districtCode: string) => `adjustment:${districtCode}`,
  expiry: (districtCode: string) => `expiry:${districtCode}`,
  /** Deposits held for things lent in a community (hut deposits), until released or kept. */
  escrow: (communityCode: string) => `escrow:${communityCode}`,
};

export interface TransferSpec {
  type: TransferType;
  keyScope: string;
  idempotencyKey: string;
  requestHash: string;
  initiatorId: string | null;
  memo?: string | null;
  ref?: string | null;
  reversesId?: string | null;
  /** Signed amounts; they must sum to zero. */
  postings: { accountId: string; amount: number }[];
  /** Let accounts go past their limit (an admin's explicit override); such accounts are flagged. */
  override?: boolean;
  /** The giver's gifts this month after this one (kept on the account for the monthly cap). */
  giftedInMonth?: { accountId: string; month: string; total: number };
  /** Extra public facts for the log entry (e.g. the rules version that priced it). */
  logData?: { [key: string]: string | number };
}

export interface PostedTransfer {
  id: string;
  type: TransferType;
  logIndex: number;
  createdAt: number;
}

export interface StoredTransfer extends PostedTransfer {
  requestHash: string;
}

/**
 * The double-entry core. Every change of a balance goes through `post`, inside the caller's
 * transaction, after `lock` has taken the accounts in id order (so two transfers over the same
 * accounts never deadlock on PostgreSQL; SQLite serialises writers anyway).
 */
export class Ledger {
  constructor(
    private readonly dialect: DialectName,
    private readonly log: LogAppender,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates the accounts that do not exist yet (idempotent, safe under concurrency). */
  async ensureAccounts(trx: Transaction<Database>, specs: AccountSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const at = this.now();
    await trx
      .insertInto('points_accounts')
      .values(
        specs.map((s) => ({
          id: s.id,
          kind: s.kind,
          owner_id: s.ownerId,
          division_code: s.divisionCode,
          credit_limit: null,
          priority: null,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** Locks the accounts, creating those of `specs` that do not exist yet (usually none do not). */
  async lockCreating(
    trx: Transaction<Database>,
    specs: AccountSpec[],
    ids: string[],
  ): Promise<Map<string, LedgerAccount>> {
    const locked = await this.lock(trx, ids);
    const missing = specs.filter((s) => !locked.has(s.id));
    if (missing.length === 0) return locked;
    await this.ensureAccounts(
      trx,
      missing.sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    return this.lock(trx, ids);
  }

  /** Locks the accounts (PostgreSQL row locks, in id order) and reads them; unknown ids are missing. */
  async lock(trx: Transaction<Database>, ids: string[]): Promise<Map<string, LedgerAccount>> {
    const unique = [...new Set(ids)].sort();
    const rows = await forNoKeyUpdate(
      this.dialect,
      trx.selectFrom('points_accounts').selectAll().where('id', 'in', unique).orderBy('id'),
    ).execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          kind: r.kind as AccountKind,
          ownerId: r.owner_id,
          divisionCode: r.division_code,
          creditLimit: r.credit_limit === null ? null : Number(r.credit_limit),
          balance: Number(r.balance),
          postings: Number(r.postings),
          flagged: Number(r.flagged) === 1,
          priority: r.priority,
          giftMonth: r.gift_month,
          giftedInMonth: Number(r.gifted_in_month),
        },
      ]),
    );
  }

  async findTransfer(
    trx: Transaction<Database>,
    keyScope: string,
    idempotencyKey: string,
  ): Promise<StoredTransfer | undefined> {
    const row = await trx
      .selectFrom('points_transfers')
      .select(['id', 'type', 'log_index', 'created_at', 'request_hash'])
      .where('key_scope', '=', keyScope)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      type: row.type as TransferType,
      logIndex: Number(row.log_index),
      createdAt: Number(row.created_at),
      requestHash: row.request_hash,
    };
  }

  /**
   * Posts a transfer over locked accounts: checks that postings sum to zero and that no debited
   * account passes its limit, appends postings with running balances, updates the cached
   * balances and appends the log entry, all in the caller's transaction.
   */
  async post(
    trx: Transaction<Database>,
    spec: TransferSpec,
    accounts: Map<string, LedgerAccount>,
    limitOf: (account: LedgerAccount) => number | null,
    batch: Batch,
  ): Promise<PostedTransfer> {
    const merged = new Map<string, number>();
    for (const p of spec.postings) {
      if (!Number.isSafeInteger(p.amount)) throw new Error(`posting amount ${p.amount} is not an integer`);
      merged.set(p.accountId, (merged.get(p.accountId) ?? 0) + p.amount);
    }
    for (const [id, amount] of merged) if (amount === 0) merged.delete(id);
    let sum = 0;
    for (const amount of merged.values()) sum += amount;
    if (sum !== 0) throw new Error(`postings of a ${spec.type} transfer sum to ${sum}, not zero`);
    if (merged.size < 2) throw new Error(`a ${spec.type} transfer needs two accounts`);

    const flaggedNow: LedgerAccount[] = [];
    for (const [id, amount] of merged) {
      const account = accounts.get(id);
      if (!account) throw new AppError('points_account_unknown');
      if (amount >= 0) continue;
      const limit = limitOf(account);
      const after = account.balance + amount;
      if (limit === null || after >= -limit) continue;
      if (spec.override) {
        if (!account.flagged) flaggedNow.push(account);
        continue;
      }
      throw limitError(account, limit);
    }

    const at = this.now();
    const transferId = uuidv7();
    const postings: Database['points_postings'][] = [];
    const entryPostings: { party: string; amount: number }[] = [];
    const notify: string[] = [];
    for (const [id, amount] of [...merged].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const account = accounts.get(id)!;
      account.balance += amount;
      account.postings += 1;
      postings.push({
        account_id: id,
        seq: account.postings,
        transfer_id: transferId,
        amount,
        balance_after: account.balance,
        created_at: at,
      });
      entryPostings.push({ party: await this.party(trx, account), amount });
      if (account.ownerId && account.ownerId !== spec.initiatorId && amount > 0) notify.push(account.ownerId);
    }
    await this.updateAccounts(trx, [...merged.keys()], accounts, flaggedNow, spec.giftedInMonth);
    for (const account of flaggedNow) account.flagged = true;

    const flags = [];
    for (const account of flaggedNow) flags.push(await this.party(trx, account));
    // The transfer is stored now (so a second request with its key sees it); its log index is
    // filled in when the batch's entries are appended, just before the commit.
    await trx
      .insertInto('points_transfers')
      .values({
        id: transferId,
        type: spec.type,
        key_scope: spec.keyScope,
        idempotency_key: spec.idempotencyKey,
        request_hash: spec.requestHash,
        initiator_id: spec.initiatorId,
        memo: spec.memo ?? null,
        ref: spec.ref ?? null,
        reverses_id: spec.reversesId ?? null,
        log_index: PENDING_LOG_INDEX,
        created_at: at,
      })
      .execute();
    await trx.insertInto('points_postings').values(postings).execute();
    const posted: PostedTransfer = {
      id: transferId,
      type: spec.type,
      logIndex: PENDING_LOG_INDEX,
      createdAt: at,
    };
    awaitLogIndex(batch, transferId, posted);
    this.log.appendAtBatchEnd(
      batch,
      {
        kind: 'points.transfer',
        v: 1,
        data: {
          id: transferId,
          type: spec.type,
          postings: entryPostings,
          ...(spec.reversesId ? { reverses: spec.reversesId } : {}),
          ...(flags.length ? { overrideFlagged: flags } : {}),
          ...spec.logData,
        },
        notify,
      },
      (index) => {
        for (const waiting of waitingFor(batch).get(transferId) ?? []) waiting.logIndex = index;
      },
    );
    batch.collect<{ id: string; posted: PostedTransfer }>(
      'points.log-index',
      { id: transferId, posted },
      setLogIndexes,
    );
    return posted;
  }

  /**
   * One statement for every account of a transfer: new balances and posting counts, plus the
   * flag for accounts taken past their limit and the giver's gifts this month.
   */
  private async updateAccounts(
    trx: Transaction<Database>,
    ids: string[],
    accounts: Map<string, LedgerAccount>,
    flagged: LedgerAccount[],
    gifts: TransferSpec['giftedInMonth'],
  ): Promise<void> {
    const caseOf = (value: (account: LedgerAccount) => number) =>
      sql<number>`case id ${sql.join(
        ids.map((id) => sql`when ${id} then cast(${value(accounts.get(id)!)} as integer)`),
        sql` `,
      )} end`;
    await trx
      .updateTable('points_accounts')
      .set({
        balance: caseOf((a) => a.balance),
        postings: caseOf((a) => a.postings),
        ...(flagged.length
          ? {
              flagged: sql<number>`case when id in (${sql.join(flagged.map((a) => a.id))}) then 1 else flagged end`,
            }
          : {}),
        ...(gifts
          ? {
              gift_month: sql<string>`case when id = ${gifts.accountId} then ${gifts.month} else gift_month end`,
              gifted_in_month: sql<number>`case when id = ${gifts.accountId} then cast(${gifts.total} as integer) else gifted_in_month end`,
            }
          : {}),
      })
      .where('id', 'in', ids)
      .execute();
  }

  /** How an account appears in the log: residents by pseudonym only, shared accounts by id. */
  async party(trx: Transaction<Database>, account: LedgerAccount): Promise<string> {
    return account.ownerId ? this.log.pseudonym(trx, `account:${account.ownerId}`) : account.id;
  }
}

/** Stored until the batch's log entries are appended; never committed (see setLogIndexes). */
export const PENDING_LOG_INDEX = -1;

function waitingFor(batch: Batch): Map<string, { logIndex: number }[]> {
  let map = batch.shared.get('points.awaiting-log-index') as Map<string, { logIndex: number }[]> | undefined;
  if (!map) {
    map = new Map();
    batch.shared.set('points.awaiting-log-index', map);
  }
  return map;
}

/** Registers a result whose log index is filled in when the batch's entries are appended. */
export function awaitLogIndex(batch: Batch, transferId: string, result: { logIndex: number }): void {
  const map = waitingFor(batch);
  map.set(transferId, [...(map.get(transferId) ?? []), result]);
}

/** One statement for the whole batch: each transfer gets the index of its log entry. */
async function setLogIndexes(
  trx: Transaction<Database>,
  values: { id: string; posted: PostedTransfer }[],
): Promise<void> {
  for (const { posted } of values)
    if (posted.logIndex === PENDING_LOG_INDEX) throw new Error(`transfer ${posted.id} has no log entry`);
  await trx
    .updateTable('points_transfers')
    .set({
      log_index: sql<number>`case id ${sql.join(
        values.map((v) => sql`when ${v.id} then cast(${v.posted.logIndex} as bigint)`),
        sql` `,
      )} end`,
    })
    .where(
      'id',
      'in',
      values.map((v) => v.id),
    )
    .execute();
}

function limitError(account: LedgerAccount, limit: number): AppError {
  const available = account.balance + limit;
  switch (account.kind) {
    case 'issuance':
      return new AppError('points_budget_exceeded', { remaining: available });
    case 'pool':
      return new AppError('points_pool_insufficient', { available });
    default:
      return new AppError('points_insufficient', { available });
  }
}
