import type {
  Exchange,
  ExchangeDetail,
  ExchangeEvent,
  ExchangeMessage,
} from '../../../common/schemas/exchanges.js';
import type { VERIFICATION_LEVELS } from '../../../common/schemas/listings.js';

type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

import type { Actor } from '../../lib/actor.js';
import { can, type ExchangeRole } from './exchanges.policy.js';
import type { EventRow, ExchangeRow, MessageRow, PartyRow } from './exchanges.repository.js';

/** A removed account keeps its exchanges; its name is gone with its personal data. */
const GONE = '—';

function poster(id: string, parties: Map<string, PartyRow>): Exchange['provider'] {
  const p = parties.get(id);
  return {
    id,
    nickname: p?.nickname ?? GONE,
    // The shared schema's static type of this union is too wide for TypeScript (never).
    verification: (p?.verification ?? 'phone') as VerificationLevel as never,
    partyMember: p?.partyMember ?? false,
    avatarUrl: p?.avatarAt ? `/api/accounts/${id}/avatar?v=${p.avatarAt}` : null,
    completed: p?.completed ?? 0,
    rating: null,
  };
}

export interface PresentContext {
  actor: Actor;
  role: ExchangeRole;
  parties: Map<string, PartyRow>;
  /** The other side's number as this reader may see it (masked, in full, or none). */
  counterpartPhone: string | null;
  pointsEstimate: number | null;
  now: number;
}

/** An exchange as its reader sees it, with what they may do next (`abilities`). */
export function presentExchange(ex: ExchangeRow, ctx: PresentContext): Exchange {
  const { actor, role, now } = ctx;
  const may = (action: Parameters<typeof can>[2]) => can(actor, role, action, ex, now);
  return {
    id: ex.id,
    listingId: ex.listingId,
    listingTitle: ex.listingTitle,
    listingDirection: ex.listingDirection,
    counterListingId: ex.counterListingId,
    category: ex.category,
    status: ex.status,
    role,
    provider: poster(ex.providerId, ctx.parties),
    recipient: poster(ex.recipientId, ctx.parties),
    counterpartPhone: ctx.counterpartPhone,
    scheduledAt: ex.scheduledAt,
    place: ex.place,
    plannedMinutes: ex.plannedMinutes,
    actualMinutes: ex.actualMinutes,
    points: ex.points,
    pointsEstimate: ctx.pointsEstimate,
    transferId: ex.transferId,
    disputeReason: ex.disputeReason,
    resolution: ex.resolution,
    createdAt: ex.createdAt,
    updatedAt: ex.updatedAt,
    abilities: {
      accept: may('accept'),
      decline: may('decline'),
      schedule: may('schedule'),
      markDone: may('done'),
      confirm: may('confirm'),
      cancel: may('cancel'),
      reportNoShow: may('no_show'),
      dispute: may('dispute'),
      resolve: may('resolve'),
      message: may('message'),
      review: role !== 'staff' && ex.status === 'paid',
    },
  };
}

export function presentEvent(e: EventRow): ExchangeEvent {
  return {
    id: e.id,
    kind: e.kind,
    status: e.status,
    actorId: e.actorId,
    actedByWorker: e.actedBy !== null,
    data: e.data,
    logIndex: e.logIndex,
    createdAt: e.createdAt,
  };
}

export function presentMessage(m: MessageRow, actor: Actor): ExchangeMessage {
  return {
    id: m.id,
    senderId: m.senderId,
    mine: actor.kind === 'person' && actor.accountId === m.senderId,
    body: m.body,
    createdAt: m.createdAt,
  };
}

export function presentDetail(
  exchange: Exchange,
  events: EventRow[],
  messages: MessageRow[],
  actor: Actor,
): ExchangeDetail {
  return {
    ...exchange,
    timeline: events.map(presentEvent),
    messages: messages.map((m) => presentMessage(m, actor)),
  };
}
