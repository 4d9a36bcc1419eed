import type { ExchangeStatus } from '../../../common/schemas/exchanges.js';
import { VERIFICATION_LEVELS } from '../../../common/schemas/listings.js';
import { type Actor, grantCovers, type Role } from '../../lib/actor.js';

export type ExchangeRole = 'provider' | 'recipient' | 'staff';

export type ExchangeAction =
  | 'accept'
  | 'decline'
  | 'schedule'
  | 'done'
  | 'confirm'
  | 'cancel'
  | 'no_show'
  | 'dispute'
  | 'resolve'
  | 'message';

/** What the policy needs to know of an exchange. */
export interface ExchangeFacts {
  providerId: string;
  recipientId: string;
  initiatorId: string;
  communityCode: string;
  status: ExchangeStatus;
  scheduledAt: number | null;
}

const STAFF_ROLES: Role[] = ['worker', 'street_admin', 'district_admin'];

/** Staff of the exchange's community (they read disputes and resolve them). */
export function isExchangeStaff(actor: Actor, communityCode: string): boolean {
  if (actor.kind !== 'person' || actor.actedBy) return false;
  return actor.grants.some((g) => STAFF_ROLES.includes(g.role) && grantCovers(g, communityCode));
}

/** My part in an exchange; null when I may not even know it exists. */
export function roleIn(actor: Actor, ex: ExchangeFacts): ExchangeRole | null {
  if (actor.kind !== 'person') return null;
  if (actor.accountId === ex.providerId) return 'provider';
  if (actor.accountId === ex.recipientId) return 'recipient';
  return isExchangeStaff(actor, ex.communityCode) ? 'staff' : null;
}

/** Statuses in which the provider is busy with the exchange (helper_load.active). */
export function isActive(status: ExchangeStatus): boolean {
  return status === 'accepted' || status === 'scheduled' || status === 'done';
}

/** After acceptance the two parties see each other's number in full. */
export function revealsContact(status: ExchangeStatus): boolean {
  return !['proposed', 'declined', 'cancelled'].includes(status);
}

/** Which statuses each step starts from. */
export const FROM: Record<ExchangeAction, readonly ExchangeStatus[]> = {
  accept: ['proposed'],
  decline: ['proposed', 'accepted', 'scheduled'],
  schedule: ['accepted', 'scheduled'],
  done: ['accepted', 'scheduled'],
  confirm: ['done'],
  cancel: ['proposed', 'accepted', 'scheduled'],
  no_show: ['scheduled'],
  dispute: ['done', 'confirmed'],
  resolve: ['disputed'],
  message: [...(['proposed', 'accepted', 'scheduled', 'done', 'confirmed', 'paid', 'disputed'] as const)],
};

/** Who may take each step (by their part in the exchange). */
function allowedBy(action: ExchangeAction, ex: ExchangeFacts, actor: Actor, role: ExchangeRole): boolean {
  const me = actor.kind === 'person' ? actor.accountId : null;
  switch (action) {
    // The listing's owner answers a request: the party who did not start the exchange.
    case 'accept':
    case 'decline':
      return role !== 'staff' && me !== ex.initiatorId;
    case 'done':
      return role === 'provider';
    case 'confirm':
      return role === 'recipient';
    case 'resolve':
      return role === 'staff';
    case 'message':
      return role !== 'staff' || ex.status === 'disputed';
    default:
      return role !== 'staff';
  }
}

export type Verdict = { ok: true } | { ok: false; code: 'exchange_wrong_party' | 'exchange_state' };

/**
 * Whether `actor` (in `role`) may take `action` on the exchange now: the wrong person is
 * `exchange_wrong_party`; the right person at the wrong time is `exchange_state`.
 */
export function check(
  actor: Actor,
  role: ExchangeRole,
  action: ExchangeAction,
  ex: ExchangeFacts,
  now: number,
): Verdict {
  if (!allowedBy(action, ex, actor, role)) return { ok: false, code: 'exchange_wrong_party' };
  if (!FROM[action].includes(ex.status)) return { ok: false, code: 'exchange_state' };
  // A no-show is reported after the time agreed has passed.
  if (action === 'no_show' && (ex.scheduledAt === null || now < ex.scheduledAt))
    return { ok: false, code: 'exchange_state' };
  return { ok: true };
}

export function can(
  actor: Actor,
  role: ExchangeRole,
  action: ExchangeAction,
  ex: ExchangeFacts,
  now: number,
): boolean {
  return check(actor, role, action, ex, now).ok;
}

/** Whether a person verified to `level` meets a listing's requirement. */
export function meetsVerification(level: string, required: string): boolean {
  const rank = (l: string) => VERIFICATION_LEVELS.indexOf(l as (typeof VERIFICATION_LEVELS)[number]);
  return rank(level) >= rank(required) && rank(level) >= 0;
}
