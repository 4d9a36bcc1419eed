import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  type Adjustment,
  type Balance,
  type Budget,
  DEFAULT_POINTS_RULES,
  MAX_TRANSFER_POINTS,
  type MonthlyStatement,
  type PointsRules,
  type PriorityResident,
  type RulesVersion,
  type StatementLine,
  type TransferResult,
  type TransferType,
} from '../../../common/schemas/points.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type Batch, WriteBatcher } from '../../db/write-batcher.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { chinaMonthOf, chinaMonthRange, chinaMonthsBefore } from '../../lib/china-time.js';
import { sha256Hex } from '../../lib/crypto.js';
import { fullCodeOf, levelOf, shortCodeOf } from '../divisions/division-codes.js';
import type { IdentityDirectory, PersonSummary } from '../identity/directory.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { canonicalJson } from '../trustlog/log-entry.js';
import {
  type AccountSpec,
  accountIds,
  awaitLogIndex,
  Ledger,
  type LedgerAccount,
  PENDING_LOG_INDEX,
  type TransferSpec,
} from './ledger.js';
import { canActForCommunity, canManageDistrictPoints, canReadDivisionPoints } from './points.policy.js';
import { presentAdjustment, presentStatementLines } from './points.presenter.js';
import { PointsRepository, type StatementFilter } from './points.repository.js';

/** Division labels the love bank shows (the divisions module answers). */
export interface DivisionNames {
  shortNames(codes: readonly string[]): Promise<Map<string, string>>;
  communitiesUnder(code: string): Promise<{ code: string; name: string }[]>;
}

/** A deposit movement for one resident in one community; the key makes it happen once. */
export interface DepositInput {
  accountId: string;
  communityCode: string;
  amount: number;
  idempotencyKey: string;
  initiatorId: string | null;
  memo?: string | undefined;
  ref?: string | undefined;
  /** Forfeit only: the resident compensated (a neighbour who lent the thing); default the pool. */
  toAccountId?: string | undefined;
}

/** Deposit operations bound to one ledger transaction (see PointsService.withDeposits). */
export interface DepositOps {
  hold(input: DepositInput): Promise<TransferResult>;
  release(input: DepositInput): Promise<TransferResult>;
  forfeit(input: DepositInput): Promise<TransferResult>;
}

export type Priority = 'elderly_alone' | 'disabled' | 'other';

const RULES_TTL_MS = 2_000;
/** The most any one resident may be allowed below zero (the rules' default has the same bound). */
const MAX_CREDIT_LIMIT = 10_000;

export function districtOf(divisionCode: string): string {
  return fullCodeOf(divisionCode.slice(0, 6));
}

/** Whole points from 1 to MAX_TRANSFER_POINTS; anything else is refused in plain words. */
function checkAmount(amount: number, { allowNegative = false } = {}): number {
  const ok =
    Number.isSafeInteger(amount) &&
    amount !== 0 &&
    Math.abs(amount) <= MAX_TRANSFER_POINTS &&
    (allowNegative || amount > 0);
  if (!ok) throw new AppError('points_amount_invalid', { max: MAX_TRANSFER_POINTS });
  return amount;
}

function requestHash(op: string, body: object): string {
  return sha256Hex(canonicalJson({ op, ...body }));
}

/**
 * The love bank (爱心银行). Every movement of points is a transfer through the Ledger, carries an
 * idempotency key (the same key and body answer with the original result; another body is a
 * conflict) and appends to the trust log in the same transaction.
 */
export class PointsService {
  private readonly ledger: Ledger;
  private readonly repo: PointsRepository;
  private readonly rulesCache = new Map<string, { at: number; value: RulesVersion }>();
  private readonly writes: WriteBatcher;

  constructor(
    private readonly db: Db,
    private readonly log: LogAppender,
    private readonly people: IdentityDirectory,
    private readonly divisions: DivisionNames,
    private readonly now: () => number = Date.now,
  ) {
    this.ledger = new Ledger(db.dialect, log, now);
    this.repo = new PointsRepository(db.kysely);
    this.writes = new WriteBatcher(db);
  }

  // ---- rules ----------------------------------------------------------------------------------

  /** The rules in force for a district (built-in defaults, version 0, until an admin sets some). */
  async currentRules(districtCode: string, executor?: Transaction<Database>): Promise<RulesVersion> {
    const cached = this.rulesCache.get(districtCode);
    if (!executor && cached && this.now() - cached.at < RULES_TTL_MS) return cached.value;
    const row = await new PointsRepository(executor ?? this.db.kysely).latestRules(districtCode);
    const value: RulesVersion = row
      ? {
          districtCode,
          version: row.version,
          rules: { ...DEFAULT_POINTS_RULES, ...(JSON.parse(row.rules) as PointsRules) },
          createdAt: row.createdAt,
        }
      : { districtCode, version: 0, rules: DEFAULT_POINTS_RULES, createdAt: null };
    this.rulesCache.set(districtCode, { at: this.now(), value });
    return value;
  }

  /** Rules are public: residents read them before they earn. Default: the reader's district. */
  async rulesFor(actor: Actor, divisionCode?: string): Promise<RulesVersion> {
    let code = divisionCode;
    if (!code && actor.kind === 'person')
      code = (await this.people.person(actor.accountId))?.homeDivision ?? undefined;
    if (!code) throw new AppError('points_no_home');
    return this.currentRules(districtOf(code));
  }

  async rulesHistory(_actor: Actor, districtCode: string): Promise<RulesVersion[]> {
    const district = districtOf(districtCode);
    const rows = await this.repo.rulesHistory(district);
    return rows.map((r) => ({
      districtCode: district,
      version: r.version,
      rules: { ...DEFAULT_POINTS_RULES, ...(JSON.parse(r.rules) as PointsRules) },
      createdAt: r.createdAt,
    }));
  }

  /** A new version of a district's rules; the old ones stay readable and in the log. */
  async setRules(actor: Actor, districtCode: string, rules: PointsRules): Promise<RulesVersion> {
    const district = districtOf(districtCode);
    if (!canManageDistrictPoints(actor, district)) throw new AppError('forbidden');
    const at = this.now();
    const version = await this.db.kysely.transaction().execute(async (trx) => {
      const repo = new PointsRepository(trx);
      // The log head is taken first so two admins saving at once get versions in log order.
      const next = ((await repo.latestRules(district))?.version ?? 0) + 1;
      await repo.insertRules(district, next, JSON.stringify(rules), personId(actor), at);
      await this.log.append(trx, [
        {
          kind: 'points.rules',
          v: 1,
          data: { district, version: next, rules: rules as unknown as { [key: string]: string } },
        },
      ]);
      return next;
    });
    this.rulesCache.delete(district);
    return { districtCode: district, version, rules, createdAt: at };
  }

  // ---- a resident's own account ---------------------------------------------------------------

  private async residentSpec(accountId: string): Promise<AccountSpec & { homeDivision: string }> {
    const [spec] = await this.residentSpecs([accountId]);
    return spec!;
  }

  /** The resident accounts of people (one query), refused when closed or without a home community. */
  private async residentSpecs(accountIds: string[]): Promise<(AccountSpec & { homeDivision: string })[]> {
    const people = await this.people.people(accountIds);
    return accountIds.map((id) => this.specOf(id, people.get(id)));
  }

  private specOf(
    accountId: string,
    person: PersonSummary | undefined,
  ): AccountSpec & { homeDivision: string } {
    if (!person?.active) throw new AppError('points_account_closed');
    if (!person.homeDivision) throw new AppError('points_no_home');
    return {
      id: accountIds.resident(accountId),
      kind: 'resident',
      ownerId: accountId,
      divisionCode: districtOf(person.homeDivision),
      homeDivision: person.homeDivision,
    };
  }

  private limitOf(rules: PointsRules) {
    return (account: LedgerAccount): number | null => {
      if (account.kind === 'adjustment' || account.kind === 'expiry') return null;
      if (account.kind === 'resident') return account.creditLimit ?? rules.creditLimit;
      return account.creditLimit ?? 0;
    };
  }

  /** My balance; the operator (CLI) may name any account. */
  async balance(actor: Actor, accountId?: string): Promise<Balance> {
    const me = selfOrOperator(actor, accountId);
    const person = await this.people.person(me);
    const district = person?.homeDivision ? districtOf(person.homeDivision) : '';
    const rules = district ? (await this.currentRules(district)).rules : DEFAULT_POINTS_RULES;
    const id = accountIds.resident(me);
    const account = await this.repo.account(id);
    const totals = await this.repo.totals(id);
    const gifted = account?.giftMonth === chinaMonthOf(this.now()) ? account.giftedInMonth : 0;
    const balance = account?.balance ?? 0;
    const creditLimit = account?.creditLimit ?? rules.creditLimit;
    return {
      accountId: me,
      balance,
      creditLimit,
      available: balance + creditLimit,
      given: totals.given,
      received: totals.received,
      giftedThisMonth: gifted,
      flagged: account?.flagged ?? false,
      districtCode: account?.divisionCode ?? district,
    };
  }

  async statement(
    actor: Actor,
    filter: StatementFilter & { cursor?: number | undefined; limit?: number | undefined },
  ): Promise<{ items: StatementLine[]; nextCursor: number | null }> {
    const me = requirePerson(actor);
    if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to)
      throw new AppError('invalid_period');
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    const rows = await this.repo.statement(accountIds.resident(me), filter, filter.cursor, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: await this.describe(page),
      nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  }

  /** Every line of a statement (for the CSV download), oldest first. */
  async statementAll(actor: Actor, filter: StatementFilter, accountId?: string): Promise<StatementLine[]> {
    const me = selfOrOperator(actor, accountId);
    const rows = await this.repo.statement(accountIds.resident(me), filter, undefined, 100_000, 'asc');
    return this.describe(rows);
  }

  async monthlyStatement(actor: Actor, month: string, accountId?: string): Promise<MonthlyStatement> {
    const me = selfOrOperator(actor, accountId);
    const range = chinaMonthRange(month);
    if (!range) throw new AppError('invalid_period');
    const id = accountIds.resident(me);
    const rows = await this.repo.statement(
      id,
      { from: range.start, to: range.end - 1 },
      undefined,
      100_000,
      'asc',
    );
    const opening = await this.repo.balanceBefore(id, range.start);
    const lines = await this.describe(rows);
    let received = 0;
    let given = 0;
    for (const line of lines) {
      if (line.amount > 0) received += line.amount;
      else given -= line.amount;
    }
    return { month, opening, closing: opening + received - given, received, given, lines };
  }

  private async describe(rows: Awaited<ReturnType<PointsRepository['statement']>>): Promise<StatementLine[]> {
    const counterparts = await this.repo.counterparts(rows.map((r) => r.transferId));
    const ownerIds: string[] = [];
    const divisionCodes: string[] = [];
    for (const list of counterparts.values())
      for (const c of list) {
        if (c.ownerId) ownerIds.push(c.ownerId);
        else divisionCodes.push(c.divisionCode);
      }
    const people = await this.people.people(ownerIds);
    const names = await this.divisions.shortNames(divisionCodes);
    const reversed = await this.repo.reversedAmong(rows.map((r) => r.transferId));
    return presentStatementLines(rows, counterparts, people, names, reversed);
  }

  // ---- moving points --------------------------------------------------------------------------

  /**
   * Runs a transfer once per key: a replay with the same body returns the first result; another
   * body under the same key is a conflict. A race between two requests with one key, or a
   * deadlock between two transfers on PostgreSQL, is retried and then answered the same way.
   */
  private async once(
    keyScope: string,
    idempotencyKey: string,
    hash: string,
    run: (trx: Transaction<Database>, batch: Batch) => Promise<TransferResult>,
  ): Promise<TransferResult> {
    return this.transaction(async (trx, batch) => {
      const existing = await this.ledger.findTransfer(trx, keyScope, idempotencyKey);
      if (existing) {
        if (existing.requestHash !== hash) throw new AppError('idempotency_key_reused');
        const amount = await new PointsRepository(trx).transferAmount(existing.id);
        const { requestHash: _, ...stored } = existing;
        const result = { ...stored, amount, replayed: true };
        // The first request may be earlier in this very batch, its log index not yet known.
        if (result.logIndex === PENDING_LOG_INDEX) awaitLogIndex(batch, result.id, result);
        return result;
      }
      return run(trx, batch);
    });
  }

  /** Ledger writes go through the batcher: group commit, and races the database settled retried. */
  private transaction<T>(run: (trx: Transaction<Database>, batch: Batch) => Promise<T>): Promise<T> {
    return this.writes.run(run);
  }

  private async postWith(
    trx: Transaction<Database>,
    batch: Batch,
    specs: AccountSpec[],
    transfer: TransferSpec,
    rules: PointsRules,
    extra?: (locked: Map<string, LedgerAccount>) => void | Promise<void>,
  ): Promise<TransferResult> {
    const locked = await this.ledger.lockCreating(
      trx,
      specs,
      transfer.postings.map((p) => p.accountId),
    );
    await extra?.(locked);
    const posted = await this.ledger.post(trx, transfer, locked, this.limitOf(rules), batch);
    const amount = transfer.postings.reduce((sum, p) => sum + Math.max(p.amount, 0), 0);
    // The same object: its log index is filled in when the batch ends.
    return Object.assign(posted, { amount, replayed: false });
  }

  /** A gift to a confirmed family member, within the district's monthly cap. */
  async gift(
    actor: Actor,
    input: { familyLinkId: string; amount: number; idempotencyKey: string },
  ): Promise<TransferResult> {
    const me = requirePerson(actor);
    const amount = checkAmount(input.amount);
    const pair = await this.people.confirmedRelativePair(me, input.familyLinkId);
    if (!pair) throw new AppError('points_not_family');
    const relative = pair[1].id;
    const from = this.specOf(me, pair[0]);
    const to = this.specOf(relative, pair[1]);
    const rules = (await this.currentRules(from.divisionCode)).rules;
    const hash = requestHash('gift', { to: relative, amount });
    return this.once(`account:${me}`, input.idempotencyKey, hash, async (trx, batch) => {
      const locked = await this.ledger.lockCreating(trx, [from, to], [from.id, to.id]);
      // Counted under the giver's lock, so two gifts at once cannot both fit under the cap.
      const month = chinaMonthOf(this.now());
      const giver = locked.get(from.id)!;
      const gifted = giver.giftMonth === month ? giver.giftedInMonth : 0;
      if (gifted + amount > rules.giftMonthlyCap)
        throw new AppError('points_gift_cap', {
          cap: rules.giftMonthlyCap,
          left: Math.max(rules.giftMonthlyCap - gifted, 0),
        });
      this.checkCap(locked.get(to.id)!, amount, rules);
      const posted = await this.ledger.post(
        trx,
        {
          type: 'gift',
          keyScope: `account:${me}`,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          initiatorId: me,
          postings: [
            { accountId: from.id, amount: -amount },
            { accountId: to.id, amount },
          ],
          giftedInMonth: { accountId: from.id, month, total: gifted + amount },
        },
        locked,
        this.limitOf(rules),
        batch,
      );
      return Object.assign(posted, { amount, replayed: false });
    });
  }

  /** Refuses a credit that would take a resident over the storage cap (gifts and grants). */
  private checkCap(account: LedgerAccount, amount: number, rules: PointsRules): void {
    if (rules.storageCap !== null && account.balance + amount > rules.storageCap)
      throw new AppError('points_storage_cap', {
        cap: rules.storageCap,
        room: Math.max(rules.storageCap - account.balance, 0),
      });
  }

  /** A donation to a community's pool (my own community unless I name another in the district). */
  async donate(
    actor: Actor,
    input: { communityCode?: string | undefined; amount: number; idempotencyKey: string },
  ): Promise<TransferResult> {
    const me = requirePerson(actor);
    const amount = checkAmount(input.amount);
    const from = await this.residentSpec(me);
    const community = input.communityCode ?? from.homeDivision;
    await this.requireCommunity(community);
    if (districtOf(community) !== from.divisionCode) throw new AppError('points_other_district');
    const rules = (await this.currentRules(from.divisionCode)).rules;
    const pool: AccountSpec = {
      id: accountIds.pool(community),
      kind: 'pool',
      ownerId: null,
      divisionCode: community,
    };
    const hash = requestHash('donation', { community, amount });
    return this.once(`account:${me}`, input.idempotencyKey, hash, (trx, batch) =>
      this.postWith(
        trx,
        batch,
        [from, pool],
        {
          type: 'donation',
          keyScope: `account:${me}`,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          initiatorId: me,
          postings: [
            { accountId: from.id, amount: -amount },
            { accountId: pool.id, amount },
          ],
        },
        rules,
      ),
    );
  }

  private async requireCommunity(code: string): Promise<void> {
    if (!/^\d{12}$/.test(code)) throw new AppError('invalid_division_code');
    if (levelOf(code) !== 'community') throw new AppError('points_community_required');
    const names = await this.divisions.shortNames([code]);
    if (!names.has(code)) throw new AppError('division_not_found', { code });
  }

  /** A worker's grant from the community pool to a priority resident of that community. */
  async grant(
    actor: Actor,
    input: { accountId: string; amount: number; reason: string; idempotencyKey: string },
  ): Promise<TransferResult> {
    const staff = requirePerson(actor);
    const amount = checkAmount(input.amount);
    const to = await this.residentSpec(input.accountId).catch(() => {
      throw new AppError('points_account_unknown');
    });
    if (!canActForCommunity(actor, to.homeDivision)) throw new AppError('forbidden');
    const rules = (await this.currentRules(to.divisionCode)).rules;
    const pool: AccountSpec = {
      id: accountIds.pool(to.homeDivision),
      kind: 'pool',
      ownerId: null,
      divisionCode: to.homeDivision,
    };
    const hash = requestHash('grant', { to: input.accountId, amount, reason: input.reason });
    return this.once(`account:${staff}`, input.idempotencyKey, hash, (trx, batch) =>
      this.postWith(
        trx,
        batch,
        [pool, to],
        {
          type: 'grant',
          keyScope: `account:${staff}`,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          initiatorId: staff,
          memo: input.reason,
          postings: [
            { accountId: pool.id, amount: -amount },
            { accountId: to.id, amount },
          ],
        },
        rules,
        (locked) => {
          if (!locked.get(to.id)!.priority) throw new AppError('points_not_priority');
          this.checkCap(locked.get(to.id)!, amount, rules);
        },
      ),
    );
  }

  /**
   * Help given and paid under the district's rules: by the person helped (time-bank style) or
   * issued by the community (public-benefit help). Above the storage cap the rules decide: refuse,
   * or send the excess to the community pool in the same transfer. Used by exchanges and events,
   * and by workers recording help given offline.
   */
  async settleHelp(input: {
    providerId: string;
    recipientId: string | null;
    communityCode: string;
    category?: string | undefined;
    minutes?: number | undefined;
    items?: number | undefined;
    keyScope: string;
    idempotencyKey: string;
    initiatorId: string | null;
    memo?: string | undefined;
    ref?: string | undefined;
  }): Promise<TransferResult> {
    await this.requireCommunity(input.communityCode);
    const provider = await this.residentSpec(input.providerId);
    const district = districtOf(input.communityCode);
    const { rules, version } = await this.currentRules(district);
    const rule = input.category ? rules.categories[input.category] : undefined;
    const payer = input.recipientId ? (rule?.payer ?? rules.defaultPayer) : 'community';
    let amount: number;
    if (input.items !== undefined && rule?.pricePerItem !== undefined) {
      if (!Number.isSafeInteger(input.items) || input.items < 1)
        throw new AppError('points_amount_invalid', { max: MAX_TRANSFER_POINTS });
      amount = rule.pricePerItem * input.items;
    } else {
      const minutes = input.minutes ?? 0;
      if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > 24 * 60)
        throw new AppError('points_minutes_invalid');
      amount = Math.round(((rule?.pointsPerHour ?? rules.pointsPerHour) * minutes) / 60);
    }
    checkAmount(amount);
    const specs: AccountSpec[] = [provider];
    let payerId: string;
    if (payer === 'recipient') {
      const recipient = await this.residentSpec(input.recipientId!);
      if (recipient.id === provider.id) throw new AppError('points_self_transfer');
      specs.push(recipient);
      payerId = recipient.id;
    } else {
      payerId = accountIds.issuance(input.communityCode);
      specs.push({ id: payerId, kind: 'issuance', ownerId: null, divisionCode: input.communityCode });
    }
    const pool: AccountSpec = {
      id: accountIds.pool(input.communityCode),
      kind: 'pool',
      ownerId: null,
      divisionCode: input.communityCode,
    };
    const hash = requestHash('earn', { ...input, keyScope: undefined, idempotencyKey: undefined, amount });
    return this.once(input.keyScope, input.idempotencyKey, hash, async (trx, batch) => {
      // Every account this transfer may touch is locked at once, in id order (no deadlocks).
      const mayOverflow = rules.storageCap !== null && rules.aboveCap === 'to_pool';
      const touched = mayOverflow ? [...specs, pool] : specs;
      const locked = await this.ledger.lockCreating(
        trx,
        touched,
        touched.map((s) => s.id),
      );
      const held = locked.get(provider.id)!.balance;
      let kept = amount;
      if (rules.storageCap !== null && held + amount > rules.storageCap) {
        if (rules.aboveCap === 'refuse')
          throw new AppError('points_storage_cap', {
            cap: rules.storageCap,
            room: Math.max(rules.storageCap - held, 0),
          });
        kept = Math.max(rules.storageCap - held, 0);
      }
      const postings = [
        { accountId: payerId, amount: -amount },
        { accountId: provider.id, amount: kept },
      ];
      if (kept < amount) postings.push({ accountId: pool.id, amount: amount - kept });
      const posted = await this.ledger.post(
        trx,
        {
          type: 'earn',
          keyScope: input.keyScope,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          initiatorId: input.initiatorId,
          memo: input.memo ?? null,
          ref: input.ref ?? null,
          postings,
          logData: { rules: version, ...(kept < amount ? { toPool: amount - kept } : {}) },
        },
        locked,
        this.limitOf(rules),
        batch,
      );
      return Object.assign(posted, { amount, replayed: false });
    });
  }

  /** A worker records public-benefit help given in their community; the community issues the points. */
  async recordHelp(
    actor: Actor,
    input: {
      accountId: string;
      minutes: number;
      category?: string | undefined;
      memo: string;
      idempotencyKey: string;
    },
  ): Promise<TransferResult> {
    const staff = requirePerson(actor);
    const person = await this.people.person(input.accountId);
    if (!person?.active) throw new AppError('points_account_unknown');
    if (!person.homeDivision) throw new AppError('points_no_home');
    if (!canActForCommunity(actor, person.homeDivision)) throw new AppError('forbidden');
    return this.settleHelp({
      providerId: input.accountId,
      recipientId: null,
      communityCode: person.homeDivision,
      category: input.category,
      minutes: input.minutes,
      keyScope: `account:${staff}`,
      idempotencyKey: input.idempotencyKey,
      initiatorId: staff,
      memo: input.memo,
    });
  }

  /**
   * A resident as staff forms need them (nickname, balance, priority), only for residents of the
   * staff member's own communities; anyone else is "not found", so the lookup reveals nothing.
   */
  async staffView(
    actor: Actor,
    accountId: string | null,
  ): Promise<{
    accountId: string;
    nickname: string;
    balance: number;
    priority: string | null;
    creditLimit: number | null;
  }> {
    const person = accountId ? await this.people.person(accountId) : undefined;
    if (!person?.active || !person.homeDivision || !canActForCommunity(actor, person.homeDivision))
      throw new AppError('not_found');
    const account = await this.repo.account(accountIds.resident(person.id));
    return {
      accountId: person.id,
      nickname: person.nickname,
      balance: account?.balance ?? 0,
      priority: account?.priority ?? null,
      creditLimit: account?.creditLimit ?? null,
    };
  }

  /**
   * Changes a setting of one account (budget, limit, priority) under its lock and logs it: the
   * account's holder and the one who changed it by pseudonym only, the operator as `system`.
   */
  private async changeAccount(
    actor: Actor,
    spec: AccountSpec,
    change: (repo: PointsRepository) => Promise<void>,
    kind: string,
    data: { [key: string]: string | number | boolean | null },
  ): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await this.ledger.lockCreating(trx, [spec], [spec.id]);
      await change(new PointsRepository(trx));
      const by =
        actor.kind === 'person' ? await this.log.pseudonym(trx, `account:${actor.accountId}`) : 'system';
      await this.log.append(trx, [
        {
          kind,
          v: 1,
          data: {
            ...(spec.ownerId ? { party: await this.log.pseudonym(trx, `account:${spec.ownerId}`) } : {}),
            ...data,
            by,
          },
          ...(spec.ownerId ? { notify: [spec.ownerId] } : {}),
        },
      ]);
    });
  }

  // ---- priority residents ---------------------------------------------------------------------

  /** Marks (or clears) a resident as a priority resident for pool grants; logged by pseudonym only. */
  async setPriority(actor: Actor, accountId: string, priority: Priority | null): Promise<void> {
    const spec = await this.residentSpec(accountId).catch(() => {
      throw new AppError('points_account_unknown');
    });
    if (!canActForCommunity(actor, spec.homeDivision)) throw new AppError('forbidden');
    // Which kind of priority (e.g. disabled) is sensitive: the log says only whether one is set.
    await this.changeAccount(actor, spec, (repo) => repo.setPriority(spec.id, priority), 'points.priority', {
      priority: priority !== null,
    });
  }

  async priorityResidents(actor: Actor, communityCode: string): Promise<PriorityResident[]> {
    if (!canActForCommunity(actor, communityCode)) throw new AppError('forbidden');
    const rows = await this.repo.priorityAccounts();
    const people = await this.people.people(rows.map((r) => r.ownerId));
    return rows
      .filter((r) => people.get(r.ownerId)?.homeDivision === communityCode)
      .map((r) => ({
        accountId: r.ownerId,
        nickname: people.get(r.ownerId)!.nickname,
        priority: r.priority,
        balance: r.balance,
      }));
  }

  // ---- budgets --------------------------------------------------------------------------------

  async budgets(actor: Actor, divisionCode: string): Promise<Budget[]> {
    const code = fullCodeOf(divisionCode);
    if (!canReadDivisionPoints(actor, code)) throw new AppError('forbidden');
    const communities = await this.divisions.communitiesUnder(code);
    const accounts = await this.repo.communityAccounts(shortCodeOf(code));
    return communities.map((c) => {
      const issuance = accounts.get(accountIds.issuance(c.code));
      const pool = accounts.get(accountIds.pool(c.code));
      const budget = issuance?.creditLimit ?? 0;
      const issued = -(issuance?.balance ?? 0);
      return {
        communityCode: c.code,
        communityName: c.name,
        budget,
        issued,
        remaining: budget - issued,
        pool: pool?.balance ?? 0,
      };
    });
  }

  /** The district sets how many points a community may put into circulation. */
  async setBudget(actor: Actor, communityCode: string, budget: number): Promise<void> {
    await this.requireCommunity(communityCode);
    if (!canManageDistrictPoints(actor, districtOf(communityCode))) throw new AppError('forbidden');
    if (!Number.isSafeInteger(budget) || budget < 0 || budget > 1_000_000_000)
      throw new AppError('points_amount_invalid', { max: 1_000_000_000 });
    const id = accountIds.issuance(communityCode);
    await this.changeAccount(
      actor,
      { id, kind: 'issuance', ownerId: null, divisionCode: communityCode },
      (repo) => repo.setCreditLimit(id, budget),
      'points.budget',
      { community: communityCode, budget },
    );
  }

  /**
   * A resident's own credit limit, set by a district admin; null returns the account to the
   * district default. There is no "unlimited": the largest limit is the rules' own maximum.
   */
  async setCreditLimit(actor: Actor, accountId: string, limit: number | null): Promise<void> {
    const spec = await this.residentSpec(accountId).catch(() => {
      throw new AppError('points_account_unknown');
    });
    if (!canManageDistrictPoints(actor, spec.divisionCode)) throw new AppError('forbidden');
    if (limit !== null && (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_CREDIT_LIMIT))
      throw new AppError('points_amount_invalid', { max: MAX_CREDIT_LIMIT });
    await this.changeAccount(
      actor,
      spec,
      (repo) => repo.setCreditLimit(spec.id, limit),
      'points.credit_limit',
      {
        limit,
      },
    );
  }

  // ---- adjustments and reversals --------------------------------------------------------------

  /**
   * An admin's adjustment with a reason, marked as such. Small ones are posted at once; above the
   * rules' threshold they wait for a second admin. One that would take the account past its limit
   * needs an explicit override, and flags the account.
   */
  async requestAdjustment(
    actor: Actor,
    input: {
      accountId: string;
      amount: number;
      reason: string;
      override?: boolean | undefined;
      idempotencyKey: string;
    },
  ): Promise<Adjustment> {
    // The operator at the CLI may ask too; a second admin (a person) still approves large ones.
    const admin = actor.kind === 'system' ? 'system' : requirePerson(actor);
    const amount = checkAmount(input.amount, { allowNegative: true });
    const target = await this.residentSpec(input.accountId).catch(() => {
      throw new AppError('points_account_unknown');
    });
    if (!canManageDistrictPoints(actor, target.divisionCode)) throw new AppError('forbidden');
    const rules = (await this.currentRules(target.divisionCode)).rules;
    const hash = requestHash('adjustment', {
      to: input.accountId,
      amount,
      reason: input.reason,
      override: !!input.override,
    });
    const needsApproval = Math.abs(amount) > rules.adjustmentApprovalThreshold;
    const id = await this.transaction(async (trx, batch) => {
      const existing = await new PointsRepository(trx).adjustmentByKey(admin, input.idempotencyKey);
      if (existing) {
        if (existing.request_hash !== hash) throw new AppError('idempotency_key_reused');
        return existing.id;
      }
      const id = uuidv7();
      await this.ledger.ensureAccounts(trx, [target]);
      await new PointsRepository(trx).insertAdjustment({
        id,
        account_id: target.id,
        district_code: target.divisionCode,
        amount,
        reason: input.reason,
        override: input.override ? 1 : 0,
        status: 'pending',
        requested_by: admin,
        idempotency_key: input.idempotencyKey,
        request_hash: hash,
        decided_by: null,
        transfer_id: null,
        created_at: this.now(),
        decided_at: null,
      });
      if (!needsApproval) await this.executeAdjustment(trx, batch, id, admin, rules);
      return id;
    });
    return this.presentAdjustmentRow((await this.repo.adjustment(id))!);
  }

  private async executeAdjustment(
    trx: Transaction<Database>,
    batch: Batch,
    id: string,
    decidedBy: string,
    rules: PointsRules,
  ): Promise<void> {
    const repo = new PointsRepository(trx);
    const row = await repo.adjustmentForUpdate(id, this.db.dialect);
    if (row?.status !== 'pending') throw new AppError('not_found');
    const system: AccountSpec = {
      id: accountIds.adjustment(row.district_code),
      kind: 'adjustment',
      ownerId: null,
      divisionCode: row.district_code,
    };
    await this.ledger.ensureAccounts(trx, [system]);
    const locked = await this.ledger.lock(trx, [row.account_id, system.id]);
    const amount = Number(row.amount);
    const override = Number(row.override) === 1;
    try {
      const posted = await this.ledger.post(
        trx,
        {
          type: 'adjustment',
          keyScope: 'adjustment',
          idempotencyKey: id,
          requestHash: row.request_hash,
          initiatorId: row.requested_by,
          memo: row.reason,
          postings: [
            { accountId: row.account_id, amount },
            { accountId: system.id, amount: -amount },
          ],
          override,
        },
        locked,
        this.limitOf(rules),
        batch,
      );
      await repo.decideAdjustment(id, 'executed', decidedBy, posted.id, this.now());
    } catch (error) {
      if (error instanceof AppError && error.code === 'points_insufficient')
        throw new AppError('points_override_required', error.details);
      throw error;
    }
  }

  async adjustments(
    actor: Actor,
    districtCode: string,
    status?: Adjustment['status'],
  ): Promise<Adjustment[]> {
    const district = districtOf(districtCode);
    if (!canReadDivisionPoints(actor, district)) throw new AppError('forbidden');
    const rows = await this.repo.adjustments(district, status);
    return Promise.all(rows.map((r) => this.presentAdjustmentRow(r)));
  }

  private async presentAdjustmentRow(row: Database['points_adjustments']): Promise<Adjustment> {
    const ownerId = row.account_id.replace(/^resident:/, '');
    const people = await this.people.people([
      ownerId,
      row.requested_by,
      ...(row.decided_by ? [row.decided_by] : []),
    ]);
    return presentAdjustment(row, people);
  }

  /** A second district admin approves a pending adjustment (never the one who asked for it). */
  async approveAdjustment(actor: Actor, id: string): Promise<Adjustment> {
    const admin = requirePerson(actor);
    const row = await this.repo.adjustment(id);
    if (!row || !canManageDistrictPoints(actor, row.district_code)) throw new AppError('not_found');
    if (row.requested_by === admin) throw new AppError('points_second_admin_required');
    if (row.status !== 'pending') throw new AppError('points_adjustment_decided');
    const rules = (await this.currentRules(row.district_code)).rules;
    await this.transaction((trx, batch) => this.executeAdjustment(trx, batch, id, admin, rules));
    return this.presentAdjustmentRow((await this.repo.adjustment(id))!);
  }

  async rejectAdjustment(actor: Actor, id: string): Promise<Adjustment> {
    const admin = requirePerson(actor);
    const row = await this.repo.adjustment(id);
    if (!row || !canManageDistrictPoints(actor, row.district_code)) throw new AppError('not_found');
    if (row.status !== 'pending') throw new AppError('points_adjustment_decided');
    await this.db.kysely.transaction().execute(async (trx) => {
      const locked = await new PointsRepository(trx).adjustmentForUpdate(id, this.db.dialect);
      if (locked?.status !== 'pending') throw new AppError('points_adjustment_decided');
      await new PointsRepository(trx).decideAdjustment(id, 'rejected', admin, null, this.now());
    });
    return this.presentAdjustmentRow((await this.repo.adjustment(id))!);
  }

  /**
   * Undoes a transfer with a reversing one (the original stays). Each transfer can be reversed
   * once; reversals themselves are not reversed (make a new adjustment instead).
   */
  async reverse(
    actor: Actor,
    transferId: string,
    input: { reason: string; override?: boolean | undefined; idempotencyKey: string },
  ): Promise<TransferResult> {
    const admin = requirePerson(actor);
    const original = await this.repo.transfer(transferId);
    if (!original) throw new AppError('not_found');
    const postings = await this.repo.postingsOf(transferId);
    const district = districtOf(postings.find((p) => p.divisionCode)!.divisionCode);
    if (!canManageDistrictPoints(actor, district)) throw new AppError('not_found');
    if (original.type === 'reversal') throw new AppError('points_not_reversible');
    const rules = (await this.currentRules(district)).rules;
    const hash = requestHash('reversal', { transferId, reason: input.reason, override: !!input.override });
    return this.once(`account:${admin}`, input.idempotencyKey, hash, async (trx, batch) => {
      if (await new PointsRepository(trx).reversalOf(transferId))
        throw new AppError('points_already_reversed');
      const locked = await this.ledger.lock(
        trx,
        postings.map((p) => p.accountId),
      );
      try {
        const posted = await this.ledger.post(
          trx,
          {
            type: 'reversal',
            keyScope: `account:${admin}`,
            idempotencyKey: input.idempotencyKey,
            requestHash: hash,
            initiatorId: admin,
            memo: input.reason,
            reversesId: transferId,
            postings: postings.map((p) => ({ accountId: p.accountId, amount: -p.amount })),
            override: !!input.override,
          },
          locked,
          this.limitOf(rules),
          batch,
        );
        const amount = postings.reduce((sum, p) => sum + Math.max(-p.amount, 0), 0);
        return Object.assign(posted, { amount, replayed: false });
      } catch (error) {
        if (error instanceof AppError && error.code === 'points_insufficient')
          throw new AppError('points_override_required', error.details);
        throw error;
      }
    });
  }

  // ---- deposits (押金) ---------------------------------------------------------------------------

  /**
   * Runs another module's change and its deposit movements in one ledger transaction, so a loan
   * and the deposit taken for it commit together or not at all. `work` gets the transaction and
   * the deposit operations bound to it; it must not open transactions of its own.
   */
  async withDeposits<T>(work: (trx: Transaction<Database>, deposits: DepositOps) => Promise<T>): Promise<T> {
    return this.transaction((trx, batch) =>
      work(trx, {
        hold: (input) => this.postDeposit(trx, batch, 'deposit', input),
        release: (input) => this.postDeposit(trx, batch, 'deposit_release', input),
        forfeit: (input) => this.postDeposit(trx, batch, 'deposit_forfeit', input),
      }),
    );
  }

  /**
   * One deposit movement: held (resident → the community's escrow account, within what the
   * resident may spend), released (escrow → resident) or forfeited (escrow → the community pool).
   * Double-entry, logged like every transfer, once per key (scope `deposits`).
   */
  private async postDeposit(
    trx: Transaction<Database>,
    batch: Batch,
    type: 'deposit' | 'deposit_release' | 'deposit_forfeit',
    input: DepositInput,
  ): Promise<TransferResult> {
    const amount = checkAmount(input.amount);
    const keyScope = 'deposits';
    const hash = requestHash(type, {
      account: input.accountId,
      community: input.communityCode,
      amount,
      ...(input.toAccountId ? { to: input.toAccountId } : {}),
    });
    const existing = await this.ledger.findTransfer(trx, keyScope, input.idempotencyKey);
    if (existing) {
      if (existing.requestHash !== hash) throw new AppError('idempotency_key_reused');
      const { requestHash: _, ...stored } = existing;
      const result = { ...stored, amount, replayed: true };
      if (result.logIndex === PENDING_LOG_INDEX) awaitLogIndex(batch, result.id, result);
      return result;
    }
    const people = await this.people.people([input.accountId], trx);
    const person = people.get(input.accountId);
    if (!person) throw new AppError('points_account_unknown');
    // A release goes back to the account even when it has since closed its profile's home.
    const resident: AccountSpec = {
      id: accountIds.resident(input.accountId),
      kind: 'resident',
      ownerId: input.accountId,
      divisionCode: districtOf(person.homeDivision ?? input.communityCode),
    };
    if (type === 'deposit' && (!person.active || !person.homeDivision))
      throw new AppError(person.active ? 'points_no_home' : 'points_account_closed');
    const escrow: AccountSpec = {
      id: accountIds.escrow(input.communityCode),
      kind: 'escrow',
      ownerId: null,
      divisionCode: input.communityCode,
    };
    const pool: AccountSpec = {
      id: accountIds.pool(input.communityCode),
      kind: 'pool',
      ownerId: null,
      divisionCode: input.communityCode,
    };
    let compensated: AccountSpec | undefined;
    if (type === 'deposit_forfeit' && input.toAccountId) {
      const other = (await this.people.people([input.toAccountId], trx)).get(input.toAccountId);
      if (!other?.active) throw new AppError('points_account_unknown');
      compensated = {
        id: accountIds.resident(input.toAccountId),
        kind: 'resident',
        ownerId: input.toAccountId,
        divisionCode: districtOf(other.homeDivision ?? input.communityCode),
      };
    }
    const [from, to] =
      type === 'deposit'
        ? [resident, escrow]
        : type === 'deposit_release'
          ? [escrow, resident]
          : [escrow, compensated ?? pool];
    const rules = (await this.currentRules(districtOf(input.communityCode), trx)).rules;
    return this.postWith(
      trx,
      batch,
      [from, to],
      {
        type,
        keyScope,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        initiatorId: input.initiatorId,
        memo: input.memo ?? null,
        ref: input.ref ?? null,
        postings: [
          { accountId: from.id, amount: -amount },
          { accountId: to.id, amount },
        ],
      },
      rules,
    );
  }

  // ---- operator jobs --------------------------------------------------------------------------

  /**
   * Expires points older than the district's expiry period, oldest first: what is left of the
   * credits earned before the cut-off, after everything spent so far (spending takes the oldest
   * points first). One transfer per account and day, so running it twice changes nothing.
   */
  async expire(
    actor: Actor,
    asOf: number = this.now(),
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<{ accounts: number; points: number }> {
    if (actor.kind !== 'system') throw new AppError('forbidden');
    const districts = await this.repo.residentDistricts();
    let accounts = 0;
    let points = 0;
    for (const district of districts) {
      const { rules, version } = await this.currentRules(district);
      if (rules.expiryMonths === null) continue;
      const cutoff = chinaMonthsBefore(asOf, rules.expiryMonths);
      const candidates = await this.repo.expiryCandidates(district, cutoff);
      let done = 0;
      for (const candidate of candidates) {
        onProgress(++done, candidates.length);
        const day = new Date(asOf).toISOString().slice(0, 10);
        const system: AccountSpec = {
          id: accountIds.expiry(district),
          kind: 'expiry',
          ownerId: null,
          divisionCode: district,
        };
        const result = await this.once(
          'expiry',
          `${day}:${candidate}`,
          requestHash('expiry', { candidate, day }),
          async (trx, batch) => {
            await this.ledger.ensureAccounts(trx, [system]);
            const locked = await this.ledger.lock(trx, [candidate, system.id]);
            const expiring = await new PointsRepository(trx).expiringAmount(candidate, cutoff);
            const amount = Math.min(expiring, locked.get(candidate)!.balance);
            if (amount <= 0)
              return {
                id: '',
                type: 'expiry' as TransferType,
                amount: 0,
                logIndex: -1,
                createdAt: asOf,
                replayed: false,
              };
            const posted = await this.ledger.post(
              trx,
              {
                type: 'expiry',
                keyScope: 'expiry',
                idempotencyKey: `${day}:${candidate}`,
                requestHash: requestHash('expiry', { candidate, day }),
                initiatorId: null,
                postings: [
                  { accountId: candidate, amount: -amount },
                  { accountId: system.id, amount },
                ],
                logData: { rules: version },
              },
              locked,
              () => null,
              batch,
            );
            return Object.assign(posted, { amount, replayed: false });
          },
        );
        if (result.amount > 0 && !result.replayed) {
          accounts++;
          points += result.amount;
        }
      }
    }
    return { accounts, points };
  }

  /** Checks the ledger's invariants; an empty list means all hold. */
  async audit(actor: Actor): Promise<string[]> {
    if (actor.kind !== 'system') throw new AppError('forbidden');
    const problems: string[] = [];
    const accounts = await this.repo.accountsWithPostingSums();
    let total = 0;
    for (const a of accounts) {
      total += a.balance;
      if (a.balance !== a.postingSum)
        problems.push(`${a.id}: cached balance ${a.balance} ≠ postings ${a.postingSum}`);
      if (a.postings !== a.postingCount)
        problems.push(`${a.id}: ${a.postingCount} postings, counter says ${a.postings}`);
      if (a.postingCount > 0 && a.lastBalanceAfter !== a.balance)
        problems.push(`${a.id}: last running balance ${a.lastBalanceAfter} ≠ balance ${a.balance}`);
      if (a.kind === 'adjustment' || a.kind === 'expiry' || a.flagged) continue;
      const limit =
        a.kind === 'resident'
          ? (a.creditLimit ?? (await this.currentRules(a.divisionCode)).rules.creditLimit)
          : (a.creditLimit ?? 0);
      if (a.balance < -limit) problems.push(`${a.id}: balance ${a.balance} below its limit −${limit}`);
    }
    if (total !== 0) problems.push(`balances sum to ${total}, not 0`);
    for (const t of await this.repo.unbalancedTransfers())
      problems.push(`transfer ${t.id}: postings sum to ${t.sum}`);
    const missing = await this.repo.transfersWithoutLogEntry();
    for (const id of missing) problems.push(`transfer ${id}: no matching trust-log entry`);
    return problems;
  }
}

/** The signed-in person's own account, or for the operator at the CLI, the account named. */
function selfOrOperator(actor: Actor, accountId: string | undefined): string {
  if (actor.kind === 'system' && accountId) return accountId;
  return requirePerson(actor);
}

function requirePerson(actor: Actor): string {
  if (actor.kind !== 'person') throw new AppError('unauthorized');
  return actor.accountId;
}

function personId(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.accountId : null;
}
