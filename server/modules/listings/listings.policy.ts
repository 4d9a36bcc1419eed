import { type Actor, grantCovers, type Role } from '../../lib/actor.js';

export type Level = 'phone' | 'real_name' | 'in_person';
const RANK: Record<Level, number> = { phone: 0, real_name: 1, in_person: 2 };

/** True when `have` is at least `need` (phone < real_name < in_person). */
export function meetsLevel(have: string, need: string): boolean {
  return (RANK[have as Level] ?? -1) >= (RANK[need as Level] ?? 99);
}

/** The stricter of two levels. */
export function stricter(a: Level, b: Level): Level {
  return RANK[a] >= RANK[b] ? a : b;
}

function hasRoleCovering(actor: Actor, roles: Role[], divisionCode: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  return actor.grants.some((g) => roles.includes(g.role) && grantCovers(g, divisionCode));
}

/** The taxonomy of a district belongs to its admins. */
export function canManageTaxonomy(actor: Actor, districtCode: string): boolean {
  return hasRoleCovering(actor, ['district_admin'], districtCode);
}

/** Staff of the listing's community may close it (moderation); they never edit it. */
export function isStaffOf(actor: Actor, divisionCode: string): boolean {
  return hasRoleCovering(actor, ['worker', 'street_admin', 'district_admin'], divisionCode);
}

export interface ListingFacts {
  ownerId: string;
  direction: 'offer' | 'need';
  divisionCode: string;
  status: 'open' | 'closed' | 'expired' | 'fulfilled';
  expiresAt: number;
  openSlots: number;
  requiredVerification: string;
}

export function isOwner(actor: Actor, listing: ListingFacts): boolean {
  return actor.kind === 'person' && actor.accountId === listing.ownerId;
}

/** Past its expiry a listing is never open, whether or not the sweep has marked it yet. */
export function effectiveStatus(listing: ListingFacts, now: number): ListingFacts['status'] {
  if ((listing.status === 'open' || listing.status === 'fulfilled') && listing.expiresAt <= now)
    return 'expired';
  return listing.status;
}

/**
 * Who may see a listing: open and fulfilled ones every signed-in person; closed and expired ones
 * only their owner and the community's staff (to everyone else they do not exist).
 */
export function canView(actor: Actor, listing: ListingFacts, now: number): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  const status = effectiveStatus(listing, now);
  if (status === 'open' || status === 'fulfilled') return true;
  return isOwner(actor, listing) || isStaffOf(actor, listing.divisionCode);
}

export function canEdit(actor: Actor, listing: ListingFacts, now: number): boolean {
  const status = effectiveStatus(listing, now);
  return isOwner(actor, listing) && (status === 'open' || status === 'fulfilled');
}

export function canClose(actor: Actor, listing: ListingFacts, now: number): boolean {
  const status = effectiveStatus(listing, now);
  if (status !== 'open' && status !== 'fulfilled') return false;
  return isOwner(actor, listing) || isStaffOf(actor, listing.divisionCode) || actor.kind === 'system';
}

/**
 * Why the reader may not answer the listing (ask for an offer / offer help for a need), as an
 * error code, or null when they may: their own, closed or expired, no slot left, or — for a need,
 * which the reader would help with — the reader's verification is below what it requires.
 */
export function respondBlockedBy(
  actor: Actor,
  readerLevel: string | null,
  listing: ListingFacts,
  now: number,
): string | null {
  if (actor.kind !== 'person') return 'unauthorized';
  if (isOwner(actor, listing)) return 'listing_own';
  const status = effectiveStatus(listing, now);
  if (status === 'fulfilled' || (status === 'open' && listing.openSlots <= 0)) return 'listing_full';
  if (status !== 'open') return 'listing_closed';
  // The helper must meet the level: an offer's poster did when posting it; for a need, the
  // reader would be the one to help (enter the home, look after the child).
  if (
    listing.direction === 'need' &&
    (!readerLevel || !meetsLevel(readerLevel, listing.requiredVerification))
  )
    return 'verification_required';
  return null;
}
