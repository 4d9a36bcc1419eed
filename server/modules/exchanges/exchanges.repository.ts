import type { Kysely, Transaction, Updateable } from 'kysely';
import type { ExchangeStatus } from '../../../common/schemas/exchanges.js';
import { toNumber } from '../../db/dialect.js';
import type { Database, ExchangesTable } from '../../db/schema.js';
import { divisionPrefix } from '../../lib/actor.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface ExchangeRow {
  id: string;
  listingId: string;
  counterListingId: string | null;
  providerId: string;
  recipientId: string;
  initiatorId: string;
  category: string;
  communityCode: string;
  status: ExchangeStatus;
  version: number;
  holdsSlot: boolean;
  scheduledAt: number | null;
  place: string | null;
  plannedMinutes: number | null;
  actualMinutes: number | null;
  points: number | null;
  transferId: string | null;
  disputeReason: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  createdAt: number;
  updatedAt: number;
  /** From the listing answered. */
  listingTitle: string;
  listingDirection: 'offer' | 'need';
  listingMinutes: number | null;
  districtCode: string;
}

export interface EventRow {
  id: string;
  actorId: string | null;
  actedBy: string | null;
  kind: string;
  status: ExchangeStatus;
  data: Record<string, unknown>;
  logIndex: number | null;
  createdAt: number;
}

export interface MessageRow {
  id: string;
  senderId: string;
  body: string;
  createdAt: number;
}

export interface PartyRow {
  id: string;
  nickname: string;
  verification: string;
  partyMember: boolean;
  avatarAt: number | null;
  completed: number;
  /** Bayesian-averaged rating from the reviews module; null when not reviewed yet. */
  rating?: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));

/** Statuses of an exchange still under way (the "active" list). */
export const UNDER_WAY: ExchangeStatus[] = [
  'proposed',
  'accepted',
  'scheduled',
  'done',
  'confirmed',
  'disputed',
];
/** Statuses of the partial unique index `exchanges_live_uq`: one such exchange per person per listing. */
const LIVE: ExchangeStatus[] = ['proposed', 'accepted', 'scheduled', 'done', 'disputed'];
export const FINISHED: ExchangeStatus[] = ['paid', 'declined', 'cancelled', 'no_show', 'resolved'];

export interface ListFilter {
  state?: 'active' | 'finished' | 'all' | undefined;
  role?: 'provider' | 'recipient' | undefined;
  statuses?: ExchangeStatus[] | undefined;
}

/**
 * Kysely access to exchanges, their timeline, messages and helpers' load. State changes are
 * conditional updates on `version` (and status): zero rows means another change won the race.
 */
export class ExchangesRepository {
  constructor(private readonly db: Executor) {}

  /** A person's exchanges and the messages they wrote, for their data export. */
  async ofPerson(accountId: string) {
    const [exchanges, messages] = await Promise.all([
      this.db
        .selectFrom('exchanges')
        .select([
          'id',
          'listing_id',
          'provider_id',
          'recipient_id',
          'status',
          'scheduled_at',
          'place',
          'actual_minutes',
          'points',
          'created_at',
        ])
        .where((eb) => eb.or([eb('provider_id', '=', accountId), eb('recipient_id', '=', accountId)]))
        .orderBy('created_at')
        .execute(),
      this.db
        .selectFrom('exchange_messages')
        .select(['exchange_id', 'body', 'created_at'])
        .where('sender_id', '=', accountId)
        .orderBy('created_at')
        .execute(),
    ]);
    return { exchanges, messages };
  }

  /** A deleted account's messages are erased (the thread keeps that a message was there). */
  async eraseMessagesBy(accountId: string): Promise<void> {
    await this.db
      .updateTable('exchange_messages')
      .set({ body: '' })
      .where('sender_id', '=', accountId)
      .execute();
  }

  private base() {
    return this.db
      .selectFrom('exchanges as e')
      .innerJoin('listings as l', 'l.id', 'e.listing_id')
      .selectAll('e')
      .select([
        'l.title as listing_title',
        'l.direction as listing_direction',
        'l.minutes as listing_minutes',
        'l.district_code as district_code',
      ]);
  }

  private static toRow(r: Record<string, unknown>): ExchangeRow {
    return {
      id: r.id as string,
      listingId: r.listing_id as string,
      counterListingId: (r.counter_listing_id as string | null) ?? null,
      providerId: r.provider_id as string,
      recipientId: r.recipient_id as string,
      initiatorId: r.initiator_id as string,
      category: r.category as string,
      communityCode: r.community_code as string,
      status: r.status as ExchangeStatus,
      version: toNumber(r.version),
      holdsSlot: toNumber(r.holds_slot) === 1,
      scheduledAt: num(r.scheduled_at),
      place: (r.place as string | null) ?? null,
      plannedMinutes: num(r.planned_minutes),
      actualMinutes: num(r.actual_minutes),
      points: num(r.points),
      transferId: (r.transfer_id as string | null) ?? null,
      disputeReason: (r.dispute_reason as string | null) ?? null,
      resolution: (r.resolution as string | null) ?? null,
      resolvedBy: (r.resolved_by as string | null) ?? null,
      createdAt: toNumber(r.created_at),
      updatedAt: toNumber(r.updated_at),
      listingTitle: r.listing_title as string,
      listingDirection: r.listing_direction as 'offer' | 'need',
      listingMinutes: num(r.listing_minutes),
      districtCode: r.district_code as string,
    };
  }

  async get(id: string): Promise<ExchangeRow | null> {
    const row = await this.base().where('e.id', '=', id).executeTakeFirst();
    return row ? ExchangesRepository.toRow(row) : null;
  }

  /**
   * Which of these listings I have a live exchange on (one query on the partial unique index
   * `exchanges_live_uq`: its predicate is the status list below).
   */
  async liveListings(initiatorId: string, listingIds: readonly string[]): Promise<Set<string>> {
    if (listingIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('exchanges')
      .select('listing_id')
      .where('listing_id', 'in', [...new Set(listingIds)])
      .where('initiator_id', '=', initiatorId)
      .where('status', 'in', LIVE)
      .execute();
    return new Set(rows.map((r) => r.listing_id));
  }

  /** My live exchange on a listing (the partial unique index allows one). */
  async liveFor(listingId: string, initiatorId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('exchanges')
      .select('id')
      .where('listing_id', '=', listingId)
      .where('initiator_id', '=', initiatorId)
      .where('status', 'in', LIVE)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async insert(row: Omit<ExchangesTable, 'version' | 'holds_slot'>): Promise<void> {
    await this.db
      .insertInto('exchanges')
      .values({ ...row, version: 1, holds_slot: 0 })
      .execute();
  }

  /**
   * Moves an exchange on from the version (and status) the caller read; false when it changed
   * meanwhile. Bumps the version, so the next change must have read this one.
   */
  async update(
    id: string,
    expected: { version: number; status: ExchangeStatus },
    patch: Updateable<ExchangesTable>,
    now: number,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('exchanges')
      .set({ ...patch, version: expected.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', expected.version)
      .where('status', '=', expected.status)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async insertEvent(event: {
    id: string;
    exchangeId: string;
    actorId: string | null;
    actedBy: string | null;
    kind: string;
    status: ExchangeStatus;
    data: Record<string, unknown>;
    logIndex: number | null;
    createdAt: number;
  }): Promise<void> {
    await this.db
      .insertInto('exchange_events')
      .values({
        id: event.id,
        exchange_id: event.exchangeId,
        actor_id: event.actorId,
        acted_by: event.actedBy,
        kind: event.kind,
        status: event.status,
        data: JSON.stringify(event.data),
        log_index: event.logIndex,
        created_at: event.createdAt,
      })
      .execute();
  }

  async events(exchangeId: string): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('exchange_events')
      .selectAll()
      .where('exchange_id', '=', exchangeId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      actorId: r.actor_id,
      actedBy: r.acted_by,
      kind: r.kind,
      status: r.status as ExchangeStatus,
      data: JSON.parse(r.data) as Record<string, unknown>,
      logIndex: num(r.log_index),
      createdAt: toNumber(r.created_at),
    }));
  }

  async insertMessage(m: {
    id: string;
    exchangeId: string;
    senderId: string;
    body: string;
    createdAt: number;
  }) {
    await this.db
      .insertInto('exchange_messages')
      .values({
        id: m.id,
        exchange_id: m.exchangeId,
        sender_id: m.senderId,
        body: m.body,
        created_at: m.createdAt,
      })
      .execute();
  }

  async messages(exchangeId: string): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom('exchange_messages')
      .selectAll()
      .where('exchange_id', '=', exchangeId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      senderId: r.sender_id,
      body: r.body,
      createdAt: toNumber(r.created_at),
    }));
  }

  /** A person's exchanges, newest first (ids are UUIDv7, so id order is creation order). */
  async listFor(accountId: string, filter: ListFilter, cursor: string | undefined, limit: number) {
    let q = this.base();
    if (filter.role === 'provider') q = q.where('e.provider_id', '=', accountId);
    else if (filter.role === 'recipient') q = q.where('e.recipient_id', '=', accountId);
    else
      q = q.where((eb) => eb.or([eb('e.provider_id', '=', accountId), eb('e.recipient_id', '=', accountId)]));
    if (filter.state === 'active') q = q.where('e.status', 'in', UNDER_WAY);
    else if (filter.state === 'finished') q = q.where('e.status', 'in', FINISHED);
    if (cursor) q = q.where('e.id', '<', cursor);
    const rows = await q.orderBy('e.id', 'desc').limit(limit).execute();
    return rows.map((r) => ExchangesRepository.toRow(r));
  }

  /** Exchanges in the given divisions (staff queues), scoped in the query. */
  async listIn(
    divisions: string[],
    status: ExchangeStatus | undefined,
    cursor: string | undefined,
    limit: number,
  ) {
    if (divisions.length === 0) return [];
    let q = this.base().where((eb) =>
      eb.or(divisions.map((d) => eb('e.community_code', 'like', `${divisionPrefix(d)}%`))),
    );
    if (status) q = q.where('e.status', '=', status);
    if (cursor) q = q.where('e.id', '<', cursor);
    const rows = await q.orderBy('e.id', 'desc').limit(limit).execute();
    return rows.map((r) => ExchangesRepository.toRow(r));
  }

  /**
   * What an exchange shows of its two parties: nickname, verification level, party membership,
   * avatar version and exchanges completed as a helper. Never a phone number or a name.
   */
  async parties(ids: string[]): Promise<Map<string, PartyRow>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('accounts as a')
      .leftJoin('avatars as v', 'v.account_id', 'a.id')
      .leftJoin('helper_load as h', 'h.account_id', 'a.id')
      .select([
        'a.id',
        'a.nickname',
        'a.verification',
        'a.party_member',
        'v.updated_at as avatar_at',
        'h.completed',
      ])
      .where('a.id', 'in', unique)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          nickname: r.nickname,
          verification: r.verification,
          partyMember: toNumber(r.party_member) === 1,
          avatarAt: num(r.avatar_at),
          completed: num(r.completed) ?? 0,
        },
      ]),
    );
  }

  /**
   * The steps of a person's exchanges that make their credit record (paid, no-show, disputed),
   * newest first, with the trust-log index of each and the person's side in it.
   */
  async creditEvents(
    accountId: string,
  ): Promise<
    { kind: string; logIndex: number | null; role: 'provider' | 'recipient'; data: Record<string, unknown> }[]
  > {
    const rows = await this.db
      .selectFrom('exchange_events as ev')
      .innerJoin('exchanges as e', 'e.id', 'ev.exchange_id')
      .select(['ev.kind', 'ev.log_index', 'ev.data', 'e.provider_id'])
      .where((eb) => eb.or([eb('e.provider_id', '=', accountId), eb('e.recipient_id', '=', accountId)]))
      .where('ev.kind', 'in', ['paid', 'no_show', 'disputed'])
      .orderBy('ev.created_at', 'desc')
      .orderBy('ev.id', 'desc')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      logIndex: num(r.log_index),
      role: r.provider_id === accountId ? 'provider' : 'recipient',
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }

  async verificationOf(accountId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('accounts')
      .select(['verification', 'status'])
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row?.status === 'active' ? row.verification : null;
  }

  /**
   * Changes a helper's load by the given amounts (same transaction as the exchange change).
   * `active` never goes below zero.
   */
  async adjustLoad(
    accountId: string,
    change: { active?: number; completed?: number; noShows?: number; completedAt?: number },
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('helper_load')
      .values({
        account_id: accountId,
        active: 0,
        completed: 0,
        no_shows: 0,
        last_completed_at: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    await this.db
      .updateTable('helper_load')
      .set((eb) => ({
        active:
          (change.active ?? 0) >= 0
            ? eb('active', '+', change.active ?? 0)
            : eb
                .case()
                .when('active', '>=', -(change.active ?? 0))
                .then(eb('active', '+', change.active ?? 0))
                .else(0)
                .end(),
        completed: eb('completed', '+', change.completed ?? 0),
        no_shows: eb('no_shows', '+', change.noShows ?? 0),
        ...(change.completedAt !== undefined ? { last_completed_at: change.completedAt } : {}),
        updated_at: now,
      }))
      .where('account_id', '=', accountId)
      .execute();
  }

  async load(accountId: string) {
    const row = await this.db
      .selectFrom('helper_load')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row
      ? {
          active: toNumber(row.active),
          completed: toNumber(row.completed),
          noShows: toNumber(row.no_shows),
          lastCompletedAt: num(row.last_completed_at),
        }
      : { active: 0, completed: 0, noShows: 0, lastCompletedAt: null };
  }

  /** Open listings of others, for the seed. */
  async openListings(limit: number) {
    return this.db
      .selectFrom('listings')
      .select(['id', 'owner_id', 'direction', 'open_slots', 'division_code'])
      .where('status', '=', 'open')
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
