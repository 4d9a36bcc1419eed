import { type Actor, grantCovers, type Role } from '../../lib/actor.js';

/** What the policy needs to know of a review window. */
export interface WindowFacts {
  partyA: string;
  partyB: string;
  closesAt: number;
}

/** What the policy needs to know of a review. */
export interface ReviewFacts {
  reviewerId: string;
  revieweeId: string;
  editableUntil: number;
  publishedAt: number | null;
  hiddenAt: number | null;
}

const STAFF_ROLES: Role[] = ['worker', 'street_admin', 'district_admin'];

/** The other participant, or null when `accountId` is not one of the two. */
export function counterpartIn(window: WindowFacts, accountId: string): string | null {
  if (window.partyA === accountId) return window.partyB;
  if (window.partyB === accountId) return window.partyA;
  return null;
}

/** A review may be given while the window is open. */
export function windowOpen(window: WindowFacts, now: number): boolean {
  return now < window.closesAt;
}

/**
 * Its author may change a review for a short time, and only while it is blind: once published
 * (both sides reviewed, or the window closed) it is fixed, so nobody answers what they read.
 */
export function canEdit(actorId: string, review: ReviewFacts, now: number): boolean {
  return (
    review.reviewerId === actorId &&
    review.publishedAt === null &&
    review.hiddenAt === null &&
    now < review.editableUntil
  );
}

/** Who sees a review's content: its author always; everyone it is shown to once published. */
export function contentVisibleTo(actorId: string, review: ReviewFacts): boolean {
  return review.reviewerId === actorId || review.publishedAt !== null;
}

/** Anyone who can read a published review may report it, except its author. */
export function canReport(actorId: string, review: ReviewFacts): boolean {
  return review.reviewerId !== actorId && review.publishedAt !== null && review.hiddenAt === null;
}

/** Moderators of reviews of people of a community: its staff (acting as themselves). */
export function isModerator(actor: Actor, communityCode: string): boolean {
  if (actor.kind !== 'person' || actor.actedBy) return false;
  return actor.grants.some((g) => STAFF_ROLES.includes(g.role) && grantCovers(g, communityCode));
}

/** The divisions a person moderates reviews in. */
export function moderatedDivisions(actor: Actor): string[] {
  if (actor.kind !== 'person' || actor.actedBy) return [];
  return actor.grants.filter((g) => STAFF_ROLES.includes(g.role)).map((g) => g.divisionCode);
}

/**
 * The detailed credit record (figures with their log entries, review texts) is shown to the
 * person themself, or to others when the person consented to share it (`share_record`).
 * Everyone signed in sees the badge, nickname, coarse place and the aggregate rating.
 */
export function seesDetailedRecord(viewerId: string, personId: string, consented: boolean): boolean {
  return viewerId === personId || consented;
}
