import type { Transaction, Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { maskPhone } from '../../../common/identity/phone.js';
import {
  type CreateExchangeInput,
  EXCHANGE_CONFIRM_KIND,
  type Exchange,
  type ExchangeDetail,
  type ExchangeMessage,
  type ExchangeStatus,
  exchangeConfirmStatement,
} from '../../../common/schemas/exchanges.js';
import { fromBase64 } from '../../../common/tlog/bytes.js';
import { statementMessage } from '../../../common/tlog/statement.js';
import type { Db } from '../../db/database.js';
import type { Database, ExchangesTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { ed25519Verify } from '../../lib/crypto.js';
import { cleanText } from '../../lib/text.js';
import type { ContactDirectory } from '../identity/contacts.js';
import type { DeviceKeysService } from '../identity/device-keys.service.js';
import { staffDivisions } from '../identity/identity.policy.js';
import type { ListingSlots } from '../listings/listing-slots.js';
import type { JobRunner } from '../notify/job-runner.js';
import type { Notifier } from '../notify/notify.service.js';
import { districtOf, type PointsService } from '../points/points.service.js';
import type { ReviewWindows } from '../reviews/reviews.service.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { canonicalJson, type JsonValue } from '../trustlog/log-entry.js';
import {
  check,
  type ExchangeAction,
  type ExchangeRole,
  isActive,
  isExchangeStaff,
  meetsVerification,
  revealsContact,
  roleIn,
} from './exchanges.policy.js';
import { presentDetail, presentExchange, presentMessage } from './exchanges.presenter.js';
import { type ExchangeRow, ExchangesRepository, type Executor } from './exchanges.repository.js';

export const SETTLE_JOB = 'exchange.settle';
/** A schedule may be this far in the past (clock skew, typing), and at most this far ahead. */
export const SCHEDULE_SLACK_MS = 10 * 60_000;
export const SCHEDULE_AHEAD_MS = 366 * 86_400_000;
/** The love bank's key scope for exchange payments; the key is the exchange id. */
const SETTLE_SCOPE = 'exchange';

export interface ExchangesDeps {
  log: LogAppender;
  notify: Notifier;
  jobs: JobRunner;
  points: PointsService;
  slots: ListingSlots;
  contacts: ContactDirectory;
  deviceKeys: DeviceKeysService;
  /** Opens the two-way review window when an exchange is paid or resolved (issue #8). */
  reviews?: ReviewWindows;
  /** The parties' ratings on what a reader sees (reviews module). */
  ratings?: { ratingsFor(ids: readonly string[]): Promise<Map<string, { rating: number | null }>> };
}

interface Change {
  to: ExchangeStatus;
  /** Timeline and trust-log step name (`exchange.<event>`). */
  event: string;
  patch?: Updateable<ExchangesTable>;
  /** Shown on the timeline to the parties (may hold free text: a reason, a place). */
  data?: Record<string, JsonValue>;
  /** Put in the trust log besides who and what: numbers only, never free text. */
  logData?: Record<string, JsonValue>;
  notify?: { to: string[]; kind: string }[];
  /** Give the listing's slot back (when the exchange holds one). */
  releaseSlot?: boolean;
  /** A device-signed confirmation: appended as a co-signed statement. */
  cosigned?: { statement: Record<string, JsonValue>; publicKey: Uint8Array; signature: Uint8Array };
  /** Extra writes inside the transaction (slot taking, load counts, jobs). */
  extra?: (trx: Transaction<Database>, repo: ExchangesRepository) => Promise<void>;
}

function requirePerson(actor: Actor): string {
  if (actor.kind !== 'person') throw new AppError('unauthorized');
  return actor.accountId;
}

/** Free text cleaned (controls, zero-width and bidi characters out); blank is refused. */
function required(value: string, field: string): string {
  const text = cleanText(value);
  if (!text) throw new AppError('validation_failed', { field });
  return text;
}

/** A page cursor is the last exchange id of the page before (a UUID); anything else is refused. */
const CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function cursorOf(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!CURSOR.test(cursor)) throw new AppError('validation_failed', { field: 'cursor' });
  return cursor;
}

function stateError(status: string): AppError {
  return new AppError('exchange_state', { status });
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint/.test(e?.message ?? '')
  );
}

/**
 * The life of one act of help (proposed → accepted → scheduled → done → confirmed → paid, and the
 * decline, cancel, no-show and dispute paths). Every change is a conditional update on the
 * exchange's `version` — a lost race is `exchange_state` and changes nothing — with, in the same
 * transaction, a timeline row, a trust-log entry (pseudonyms only), the helper's load and
 * notifications to the other party. Payment is a job (`exchange.settle`) enqueued with the
 * confirmation and run at once after commit, retried if the process dies meanwhile.
 */
export class ExchangesService {
  private readonly repo: ExchangesRepository;

  constructor(
    private readonly db: Db,
    private readonly deps: ExchangesDeps,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new ExchangesRepository(db.kysely);
    deps.jobs.register(SETTLE_JOB, (payload) => {
      const { exchangeId, communityPays } = payload as { exchangeId: string; communityPays?: boolean };
      return this.settle(exchangeId, communityPays === true);
    });
  }

  // ---- reading --------------------------------------------------------------------------------

  /** One exchange with its timeline and messages, for its two parties and its community's staff. */
  async get(actor: Actor, id: string): Promise<ExchangeDetail> {
    requirePerson(actor);
    const { ex, role } = await this.load(actor, id);
    return this.detail(actor, ex, role);
  }

  /** My exchanges, newest first. */
  async list(
    actor: Actor,
    query: {
      state?: 'active' | 'finished' | 'all';
      role?: 'provider' | 'recipient';
      limit?: number;
      cursor?: string;
    },
  ): Promise<{ items: Exchange[]; next: string | null }> {
    const me = requirePerson(actor);
    const limit = query.limit ?? 20;
    const rows = await this.repo.listFor(
      me,
      { state: query.state, role: query.role },
      cursorOf(query.cursor),
      limit + 1,
    );
    return this.page(actor, rows, limit);
  }

  /** The exchanges of communities I work for (default: disputed ones), for staff. */
  async staffList(
    actor: Actor,
    query: { status?: ExchangeStatus; community?: string; limit?: number; cursor?: string },
  ): Promise<{ items: Exchange[]; next: string | null }> {
    requirePerson(actor);
    const mine = actor.kind === 'person' && !actor.actedBy ? staffDivisions(actor) : [];
    if (mine.length === 0) throw new AppError('forbidden');
    if (query.community && !isExchangeStaff(actor, query.community)) throw new AppError('forbidden');
    const limit = query.limit ?? 20;
    const cursor = cursorOf(query.cursor);
    const rows = await this.repo.listIn(
      query.community ? [query.community] : mine,
      query.status ?? 'disputed',
      cursor,
      limit + 1,
    );
    return this.page(actor, rows, limit);
  }

  private async page(actor: Actor, rows: ExchangeRow[], limit: number) {
    const page = rows.slice(0, limit);
    const parties = await this.parties(page.flatMap((r) => [r.providerId, r.recipientId]));
    const items: Exchange[] = [];
    for (const ex of page) {
      const role = roleIn(actor, ex);
      if (!role) continue;
      items.push(await this.present(actor, ex, role, parties));
    }
    return { items, next: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  /**
   * Of these listings, those the person already has a live exchange on (asked or offered help,
   * not finished yet). For the listings module's `respond` ability; a plain read, no actor check.
   */
  liveListingsOf(
    accountId: string,
    listingIds: readonly string[],
    executor?: Executor,
  ): Promise<Set<string>> {
    return (executor ? new ExchangesRepository(executor) : this.repo).liveListings(accountId, listingIds);
  }

  /** The parties as readers see them, with their ratings (when the reviews module is wired). */
  private async parties(ids: string[]) {
    const [parties, ratings] = await Promise.all([
      this.repo.parties(ids),
      this.deps.ratings?.ratingsFor(ids) ?? Promise.resolve(new Map<string, { rating: number | null }>()),
    ]);
    for (const [id, p] of parties) p.rating = ratings.get(id)?.rating ?? null;
    return parties;
  }

  private async load(actor: Actor, id: string): Promise<{ ex: ExchangeRow; role: ExchangeRole }> {
    const ex = await this.repo.get(id);
    const role = ex ? roleIn(actor, ex) : null;
    // Outside the actor's reach, an exchange does not exist.
    if (!ex || !role) throw new AppError('exchange_not_found');
    return { ex, role };
  }

  private async detail(actor: Actor, ex: ExchangeRow, role: ExchangeRole): Promise<ExchangeDetail> {
    const parties = await this.parties([ex.providerId, ex.recipientId]);
    const [exchange, events, messages] = await Promise.all([
      this.present(actor, ex, role, parties),
      this.repo.events(ex.id),
      this.repo.messages(ex.id),
    ]);
    return presentDetail(exchange, events, messages, actor);
  }

  private async present(
    actor: Actor,
    ex: ExchangeRow,
    role: ExchangeRole,
    parties: Awaited<ReturnType<ExchangesRepository['parties']>>,
  ): Promise<Exchange> {
    return presentExchange(ex, {
      actor,
      role,
      parties,
      counterpartPhone: await this.counterpartPhone(ex, role),
      pointsEstimate: await this.estimate(ex),
      now: this.now(),
    });
  }

  /**
   * The other party's number: masked until the exchange is accepted, then in full to the two
   * parties (the rules allow it to the other side of an accepted exchange, no staff reason
   * needed). Staff see neither party's number here.
   */
  private async counterpartPhone(ex: ExchangeRow, role: ExchangeRole): Promise<string | null> {
    if (role === 'staff') return null;
    const other = role === 'provider' ? ex.recipientId : ex.providerId;
    const phone = await this.deps.contacts.phone(other);
    if (!phone) return null;
    return revealsContact(ex.status) ? phone : maskPhone(phone);
  }

  /** Points under the rules for the minutes known so far (actual, planned, or the listing's). */
  private async estimate(ex: ExchangeRow): Promise<number | null> {
    if (ex.points !== null) return ex.points;
    const minutes = ex.actualMinutes ?? ex.plannedMinutes ?? ex.listingMinutes;
    if (!minutes) return null;
    const { rules } = await this.deps.points.currentRules(districtOf(ex.communityCode));
    const rule = rules.categories[ex.category];
    if (rule?.pricePerItem !== undefined) return null;
    return Math.round(((rule?.pointsPerHour ?? rules.pointsPerHour) * minutes) / 60);
  }

  // ---- creating -------------------------------------------------------------------------------

  /**
   * Answers someone else's open listing: asking for an offer's help (I am the recipient) or
   * offering to help with a need (I am the provider). The provider must meet the listing's
   * verification requirement; one live exchange per person per listing.
   */
  async create(actor: Actor, input: CreateExchangeInput): Promise<ExchangeDetail> {
    const me = requirePerson(actor);
    const message = input.message === undefined ? undefined : required(input.message, 'message');
    const listing = await this.deps.slots.get(this.db.kysely, input.listingId);
    if (!listing) throw new AppError('listing_not_found');
    if (listing.ownerId === me) throw new AppError('listing_own');
    if (listing.status === 'fulfilled' || (listing.status === 'open' && listing.openSlots === 0))
      throw new AppError('listing_full');
    if (listing.status !== 'open' || listing.expiresAt <= this.now()) throw new AppError('listing_closed');
    const providerId = listing.direction === 'offer' ? listing.ownerId : me;
    const recipientId = listing.direction === 'offer' ? me : listing.ownerId;
    const level = await this.repo.verificationOf(providerId);
    if (!level || !meetsVerification(level, listing.requiredVerification))
      throw new AppError('verification_required', { level: listing.requiredVerification });
    if (input.counterListingId) {
      const counter = await this.deps.slots.get(this.db.kysely, input.counterListingId);
      if (!counter || counter.ownerId !== me || counter.direction === listing.direction)
        throw new AppError('listing_not_found');
      // The helper must also meet what the other side's own listing asks for.
      if (!meetsVerification(level, counter.requiredVerification))
        throw new AppError('verification_required', { level: counter.requiredVerification });
    }
    if (await this.repo.liveFor(listing.id, me)) throw new AppError('exchange_already_requested');
    const id = uuidv7();
    const now = this.now();
    try {
      await this.db.kysely.transaction().execute(async (trx) => {
        const repo = new ExchangesRepository(trx);
        await repo.insert({
          id,
          listing_id: listing.id,
          counter_listing_id: input.counterListingId ?? null,
          provider_id: providerId,
          recipient_id: recipientId,
          initiator_id: me,
          category: listing.category,
          community_code: listing.divisionCode,
          status: 'proposed',
          scheduled_at: null,
          place: null,
          planned_minutes: null,
          actual_minutes: null,
          points: null,
          transfer_id: null,
          dispute_reason: null,
          resolution: null,
          resolved_by: null,
          created_at: now,
          updated_at: now,
        });
        if (message)
          await repo.insertMessage({
            id: uuidv7(),
            exchangeId: id,
            senderId: me,
            body: message,
            createdAt: now,
          });
        const ex = (await repo.get(id))!;
        await this.record(trx, repo, actor, ex, {
          to: 'proposed',
          event: 'proposed',
          notify: [{ to: [listing.ownerId], kind: 'exchange.requested' }],
        });
      });
    } catch (error) {
      // Two requests at once: the partial unique index lets one in.
      if (isUniqueViolation(error)) throw new AppError('exchange_already_requested');
      throw error;
    }
    this.deps.jobs.kick();
    return this.get(actor, id);
  }

  // ---- steps ----------------------------------------------------------------------------------

  /** The listing's owner accepts: takes a slot of the listing (the last one goes to one only). */
  async accept(actor: Actor, id: string): Promise<ExchangeDetail> {
    return this.step(actor, id, 'accept', (ex) => ({
      to: 'accepted',
      event: 'accepted',
      patch: { holds_slot: 1 },
      notify: [{ to: [ex.initiatorId], kind: 'exchange.accepted' }],
      extra: async (trx) => {
        if (await this.deps.slots.take(trx, ex.listingId)) return;
        // Nothing taken: say whether the listing is full or no longer open.
        const listing = await this.deps.slots.get(trx, ex.listingId);
        const open = listing?.status === 'open' || listing?.status === 'fulfilled';
        throw new AppError(open && listing!.expiresAt > this.now() ? 'listing_full' : 'listing_closed');
      },
    }));
  }

  /** The listing's owner says no (also after accepting, which gives the slot back). */
  async decline(actor: Actor, id: string, input: { reason: string }): Promise<ExchangeDetail> {
    const reason = required(input.reason, 'reason');
    return this.step(actor, id, 'decline', (ex) => ({
      to: 'declined',
      event: 'declined',
      data: { reason },
      releaseSlot: true,
      notify: [{ to: [ex.initiatorId], kind: 'exchange.declined' }],
    }));
  }

  /** Time, place and planned minutes; either party, after acceptance, again until done. */
  async schedule(
    actor: Actor,
    id: string,
    input: { scheduledAt: number; place: string; plannedMinutes: number },
  ): Promise<ExchangeDetail> {
    const place = required(input.place, 'place');
    // A schedule in the past would let a no-show be reported at once; a little slack for clocks.
    const now = this.now();
    if (input.scheduledAt < now - SCHEDULE_SLACK_MS || input.scheduledAt > now + SCHEDULE_AHEAD_MS)
      throw new AppError('validation_failed', { field: 'scheduledAt' });
    return this.step(actor, id, 'schedule', (ex, me) => ({
      to: 'scheduled',
      event: ex.status === 'scheduled' ? 'rescheduled' : 'scheduled',
      patch: { scheduled_at: input.scheduledAt, place, planned_minutes: input.plannedMinutes },
      data: { scheduledAt: input.scheduledAt, place, plannedMinutes: input.plannedMinutes },
      logData: { scheduledAt: input.scheduledAt, plannedMinutes: input.plannedMinutes },
      notify: [{ to: [other(ex, me)], kind: 'exchange.scheduled' }],
    }));
  }

  /** The provider marks the help done; the recipient is asked to confirm the minutes. */
  async markDone(actor: Actor, id: string): Promise<ExchangeDetail> {
    return this.step(actor, id, 'done', (ex) => ({
      to: 'done',
      event: 'done',
      notify: [{ to: [ex.recipientId], kind: 'exchange.confirm_needed' }],
    }));
  }

  /**
   * The recipient confirms the actual minutes (optionally signed on their device); payment is
   * queued in the same transaction and tried at once after commit. Confirming again is
   * `exchange_state`.
   */
  async confirm(
    actor: Actor,
    id: string,
    input: { actualMinutes: number; signature?: string | undefined },
  ): Promise<ExchangeDetail> {
    let cosigned: Change['cosigned'];
    if (input.signature !== undefined) {
      // Who and when first, so a stranger learns nothing from how their signature fares.
      const { ex, role } = await this.load(actor, id);
      const verdict = check(actor, role, 'confirm', ex, this.now());
      if (!verdict.ok)
        throw verdict.code === 'exchange_state' ? stateError(ex.status) : new AppError(verdict.code);
      cosigned = await this.verifyConfirmation(actor, id, input);
    }
    const detail = await this.step(actor, id, 'confirm', (ex) => ({
      to: 'confirmed',
      event: 'confirmed',
      patch: { actual_minutes: input.actualMinutes },
      data: { actualMinutes: input.actualMinutes, signed: cosigned !== undefined },
      logData: { actualMinutes: input.actualMinutes },
      ...(cosigned ? { cosigned } : {}),
      notify: [{ to: [ex.providerId], kind: 'exchange.confirmed' }],
      extra: async (trx) => {
        await this.deps.jobs.enqueueInTransaction(trx, {
          kind: SETTLE_JOB,
          payload: { exchangeId: id },
          dedupeKey: id,
        });
      },
    }));
    return (await this.runSettle(actor, id, id)) ?? detail;
  }

  /** Either party calls it off before it is done; the slot goes back to the listing. */
  async cancel(actor: Actor, id: string, input: { reason: string }): Promise<ExchangeDetail> {
    const reason = required(input.reason, 'reason');
    return this.step(actor, id, 'cancel', (ex, me) => ({
      to: 'cancelled',
      event: 'cancelled',
      data: { reason },
      releaseSlot: true,
      notify: [{ to: [other(ex, me)], kind: 'exchange.cancelled' }],
    }));
  }

  /**
   * The party who was stood up says so, after the agreed time. A provider who did not come
   * counts in their load (`no_shows`); the slot goes back to the listing.
   */
  async noShow(actor: Actor, id: string, input: { reason: string }): Promise<ExchangeDetail> {
    const reason = required(input.reason, 'reason');
    return this.step(actor, id, 'no_show', (ex, me) => ({
      to: 'no_show',
      event: 'no_show',
      data: { reason, absent: me === ex.recipientId ? 'provider' : 'recipient' },
      logData: { absent: me === ex.recipientId ? 'provider' : 'recipient' },
      releaseSlot: true,
      notify: [{ to: [other(ex, me)], kind: 'exchange.no_show' }],
      extra: async (_trx, repo) => {
        if (me === ex.recipientId) await repo.adjustLoad(ex.providerId, { noShows: 1 }, this.now());
      },
    }));
  }

  /** Either party disputes after done and before payment; a worker of the community resolves. */
  async dispute(actor: Actor, id: string, input: { reason: string }): Promise<ExchangeDetail> {
    const reason = required(input.reason, 'reason');
    return this.step(actor, id, 'dispute', (ex, me) => ({
      to: 'disputed',
      event: 'disputed',
      patch: { dispute_reason: reason },
      data: { reason },
      notify: [{ to: [other(ex, me)], kind: 'exchange.disputed' }],
    }));
  }

  /**
   * A worker (or admin) of the exchange's community settles a dispute: pay (with these minutes,
   * or the confirmed ones) — the exchange is confirmed and payment queued — or close it unpaid.
   */
  async resolve(
    actor: Actor,
    id: string,
    input: { outcome: 'pay' | 'pay_by_community' | 'no_pay'; minutes?: number | undefined; note: string },
  ): Promise<ExchangeDetail> {
    const me = requirePerson(actor);
    const note = required(input.note, 'note');
    let dedupeKey = id;
    const detail = await this.step(actor, id, 'resolve', (ex) => {
      const minutes = input.minutes ?? ex.actualMinutes ?? ex.plannedMinutes ?? ex.listingMinutes;
      const pay = input.outcome !== 'no_pay';
      if (pay && !minutes) throw new AppError('points_minutes_invalid');
      // A payment the love bank refused earlier has a finished job under the exchange id.
      dedupeKey = `${id}:${ex.version + 1}`;
      return {
        to: pay ? 'confirmed' : 'resolved',
        event: 'resolved',
        patch: {
          resolution: note,
          resolved_by: me,
          ...(pay ? { actual_minutes: minutes } : {}),
        },
        data: { outcome: input.outcome, note, ...(pay ? { minutes } : {}) },
        logData: { outcome: input.outcome, ...(pay ? { minutes } : {}) },
        notify: [{ to: [ex.providerId, ex.recipientId], kind: 'exchange.resolved' }],
        extra: async (trx) => {
          if (pay)
            await this.deps.jobs.enqueueInTransaction(trx, {
              kind: SETTLE_JOB,
              payload: { exchangeId: id, communityPays: input.outcome === 'pay_by_community' },
              dedupeKey,
            });
          // Closed without pay: finished all the same, so the two may review each other.
          else await this.openReviews(trx, ex, this.now());
        },
      };
    });
    if (input.outcome === 'no_pay') return detail;
    return (await this.runSettle(actor, id, dedupeKey)) ?? detail;
  }

  /** A message in the exchange's thread (the parties; staff while it is disputed). Text only. */
  async message(actor: Actor, id: string, input: { body: string }): Promise<ExchangeMessage> {
    const me = requirePerson(actor);
    const { ex, role } = await this.load(actor, id);
    const verdict = check(actor, role, 'message', ex, this.now());
    if (!verdict.ok)
      throw verdict.code === 'exchange_state' ? stateError(ex.status) : new AppError(verdict.code);
    const body = required(input.body, 'body');
    const row = { id: uuidv7(), exchangeId: id, senderId: me, body, createdAt: this.now() };
    await this.db.kysely.transaction().execute(async (trx) => {
      await new ExchangesRepository(trx).insertMessage(row);
      const to = [ex.providerId, ex.recipientId].filter((p) => p !== me);
      await this.deps.notify.notifyInTransaction(trx, to, 'exchange.message', { exchangeId: id });
    });
    return presentMessage(row, actor);
  }

  // ---- payment --------------------------------------------------------------------------------

  /** Tries the queued payment now (after commit); the job runner retries if this fails. */
  private async runSettle(actor: Actor, id: string, dedupeKey: string): Promise<ExchangeDetail | null> {
    try {
      await this.deps.jobs.runNow(dedupeKey);
    } catch {
      // Left for the runner: the job is still queued.
    }
    try {
      return await this.get(actor, id);
    } catch {
      return null;
    }
  }

  /**
   * The `exchange.settle` job: pays the provider under the love bank's rules (idempotency key =
   * the exchange id, so a retry never pays twice), then marks the exchange paid and invites both
   * to review. A refusal by the love bank (over a limit, storage cap) is recorded on the
   * timeline and the exchange goes to the community's staff as a dispute; it is not retried.
   */
  async settle(exchangeId: string, communityPays = false): Promise<void> {
    const ex = await this.repo.get(exchangeId);
    if (ex?.status !== 'confirmed' || !ex.actualMinutes) return;
    let transfer: Awaited<ReturnType<PointsService['settleHelp']>>;
    try {
      transfer = await this.deps.points.settleHelp({
        providerId: ex.providerId,
        // Issued by the community when a worker settled it so (the person helped could not pay).
        recipientId: communityPays ? null : ex.recipientId,
        communityCode: ex.communityCode,
        category: ex.category,
        minutes: ex.actualMinutes,
        keyScope: SETTLE_SCOPE,
        idempotencyKey: communityPays ? `${exchangeId}:community` : exchangeId,
        initiatorId: ex.recipientId,
        ref: `exchange:${exchangeId}`,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await this.refused(ex, error);
      return;
    }
    const now = this.now();
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = new ExchangesRepository(trx);
      const current = await repo.get(exchangeId);
      if (!current || current.status === 'paid') return;
      // A payment made is recorded even if the exchange was disputed meanwhile.
      if (current.status !== 'confirmed' && current.status !== 'disputed') return;
      await this.record(trx, repo, null, current, {
        to: 'paid',
        event: 'paid',
        patch: { transfer_id: transfer.id, points: transfer.amount },
        data: { points: transfer.amount, transferId: transfer.id },
        logData: { points: transfer.amount, transfer: transfer.id },
        notify: [{ to: [current.providerId, current.recipientId], kind: 'exchange.review_invite' }],
        extra: async (t, r) => {
          await r.adjustLoad(current.providerId, { completed: 1, completedAt: now }, now);
          await this.openReviews(t, current, now);
        },
      });
    });
    this.deps.jobs.kick();
  }

  /** Lets the two parties review each other (a no-op until the reviews module is wired). */
  private async openReviews(trx: Transaction<Database>, ex: ExchangeRow, now: number): Promise<void> {
    await this.deps.reviews?.openWindow(trx, {
      kind: 'exchange',
      subjectId: ex.id,
      parties: [ex.providerId, ex.recipientId],
      communityCode: ex.communityCode,
      title: ex.listingTitle,
      completedAt: now,
    });
  }

  private async refused(ex: ExchangeRow, error: AppError): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = new ExchangesRepository(trx);
      const current = await repo.get(ex.id);
      if (current?.status !== 'confirmed') return;
      await this.record(trx, repo, null, current, {
        to: 'disputed',
        event: 'payment_refused',
        patch: { dispute_reason: `payment_refused:${error.code}` },
        data: { code: error.code, ...error.details },
        logData: { code: error.code },
        notify: [{ to: [current.providerId, current.recipientId], kind: 'exchange.payment_refused' }],
      });
    });
  }

  // ---- the machinery of a step ----------------------------------------------------------------

  /** Checks who and when, then applies the change in one transaction; answers the new detail. */
  private async step(
    actor: Actor,
    id: string,
    action: ExchangeAction,
    plan: (ex: ExchangeRow, me: string) => Change,
  ): Promise<ExchangeDetail> {
    const me = requirePerson(actor);
    const { ex, role } = await this.load(actor, id);
    const verdict = check(actor, role, action, ex, this.now());
    if (!verdict.ok)
      throw verdict.code === 'exchange_state' ? stateError(ex.status) : new AppError(verdict.code);
    const change = plan(ex, me);
    await this.db.kysely.transaction().execute(async (trx) => {
      await this.record(trx, new ExchangesRepository(trx), actor, ex, change);
    });
    this.deps.jobs.kick();
    return this.detail(actor, (await this.repo.get(id))!, role);
  }

  /**
   * Writes one change: the conditional update (from the version read), the slot, the helper's
   * load, the trust-log entry, the timeline row and the notifications, all in `trx`.
   */
  private async record(
    trx: Transaction<Database>,
    repo: ExchangesRepository,
    actor: Actor | null,
    ex: ExchangeRow,
    change: Change,
  ): Promise<void> {
    const now = this.now();
    const creating = change.event === 'proposed';
    const release = change.releaseSlot === true && ex.holdsSlot;
    if (!creating) {
      const patch: Updateable<ExchangesTable> = { ...change.patch, status: change.to };
      if (release) patch.holds_slot = 0;
      if (!(await repo.update(ex.id, ex, patch, now))) {
        const current = await repo.get(ex.id);
        throw stateError(current?.status ?? ex.status);
      }
    }
    if (release) await this.deps.slots.release(trx, ex.listingId);
    const delta = Number(isActive(change.to)) - Number(creating ? false : isActive(ex.status));
    if (delta !== 0) await repo.adjustLoad(ex.providerId, { active: delta }, now);
    await change.extra?.(trx, repo);

    const actorId = actor?.kind === 'person' ? actor.accountId : null;
    const actedBy = actor?.kind === 'person' ? (actor.actedBy ?? null) : null;
    const pseudonym = (id: string) => this.deps.log.pseudonym(trx, `account:${id}`);
    const entryData: Record<string, JsonValue> = {
      exchange: ex.id,
      status: change.to,
      step: change.event,
      category: ex.category,
      community: ex.communityCode,
      provider: await pseudonym(ex.providerId),
      recipient: await pseudonym(ex.recipientId),
      by: actorId ? await pseudonym(actorId) : 'system',
      ...(actedBy ? { actedBy: await pseudonym(actedBy) } : {}),
      ...change.logData,
    };
    let logIndex: number;
    if (change.cosigned) {
      // The recipient's own device vouches for the statement; the step's facts ride along.
      const appended = await this.deps.log.appendCoSigned(trx, {
        kind: EXCHANGE_CONFIRM_KIND,
        v: 1,
        statement: change.cosigned.statement,
        signers: [
          { accountId: actorId!, publicKey: change.cosigned.publicKey, signature: change.cosigned.signature },
        ],
      });
      logIndex = appended.index;
      const [facts] = await this.deps.log.append(trx, [
        { kind: 'exchange.step', v: 1, data: entryData, refs: [appended.index] },
      ]);
      logIndex = facts!.index;
    } else {
      const [appended] = await this.deps.log.append(trx, [
        { kind: `exchange.${change.event}`, v: 1, data: entryData },
      ]);
      logIndex = appended!.index;
    }
    await repo.insertEvent({
      id: uuidv7(),
      exchangeId: ex.id,
      actorId,
      actedBy,
      kind: change.event,
      status: change.to,
      data: change.data ?? {},
      logIndex,
      createdAt: now,
    });
    for (const n of change.notify ?? [])
      await this.deps.notify.notifyInTransaction(trx, n.to, n.kind, {
        exchangeId: ex.id,
        status: change.to,
        title: ex.listingTitle,
      });
  }

  /** Checks a device signature over the confirmation against the recipient's active device keys. */
  private async verifyConfirmation(
    actor: Actor,
    id: string,
    input: { actualMinutes: number; signature?: string | undefined },
  ): Promise<NonNullable<Change['cosigned']>> {
    let signature: Uint8Array;
    try {
      signature = fromBase64(input.signature!);
    } catch {
      throw new AppError('invalid_signature');
    }
    const statement = exchangeConfirmStatement(id, input.actualMinutes);
    const message = statementMessage(EXCHANGE_CONFIRM_KIND, canonicalJson(statement));
    const keys = await this.deps.deviceKeys.list(actor);
    for (const key of keys) {
      const publicKey = fromBase64(key.publicKey);
      if (ed25519Verify(publicKey, message, signature)) return { statement, publicKey, signature };
    }
    throw new AppError('invalid_signature');
  }
}

function other(ex: ExchangeRow, me: string): string {
  return me === ex.providerId ? ex.recipientId : ex.providerId;
}
