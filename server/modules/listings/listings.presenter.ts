import type { Category, Listing } from '../../../common/schemas/listings.js';
import type { PointsRules } from '../../../common/schemas/points.js';
import type { Actor } from '../../lib/actor.js';
import { canClose, canEdit, effectiveStatus, isOwner, respondBlockedBy } from './listings.policy.js';
import type { CategoryRow, ListingRow } from './listings.repository.js';

export interface PresentContext {
  actor: Actor;
  /** The reader's verification level (null: anonymous or unknown). */
  readerLevel: string | null;
  now: number;
  /** Display names of places: community code → "社区 · 街道". */
  places: Map<string, string>;
  photos: Map<string, string[]>;
  rules: Map<string, PointsRules>;
  /** Posters' Bayesian-averaged ratings (absent: not reviewed yet, or reviews not wired). */
  ratings?: Map<string, { rating: number | null }>;
  /** Listings the reader already has a live exchange on (absent: not known here). */
  responded?: Set<string>;
}

export function presentCategory(row: CategoryRow): Category {
  return {
    key: row.key,
    group: row.group as Category['group'],
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    keywords: row.keywords,
    requiredVerification: row.requiredVerification,
    sortOrder: row.sortOrder,
    active: row.active,
  };
}

/**
 * Points this help would earn the helper under the district's rules: the listing's own price,
 * else the category's price per item (items), else the category's or the district's hourly rate
 * times the expected minutes; null when neither a price nor a length is known.
 */
export function pointsEstimate(
  row: Pick<ListingRow, 'points' | 'kind' | 'category' | 'minutes'>,
  rules: PointsRules | undefined,
): number | null {
  if (row.points !== null) return row.points;
  if (!rules) return null;
  const rule = rules.categories[row.category];
  if (row.kind === 'item' && rule?.pricePerItem !== undefined) return rule.pricePerItem;
  if (row.minutes === null) return null;
  const rate = rule?.pointsPerHour ?? rules.pointsPerHour;
  return Math.round((rate * row.minutes) / 60);
}

export function presentListing(row: ListingRow, ctx: PresentContext): Listing {
  const facts = row;
  const status = effectiveStatus(facts, ctx.now);
  const blocked =
    respondBlockedBy(ctx.actor, ctx.readerLevel, facts, ctx.now) ??
    (ctx.responded?.has(row.id) ? 'exchange_already_requested' : null);
  return {
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    title: row.title,
    description: row.description,
    category: row.category,
    tags: row.tags,
    divisionCode: row.divisionCode,
    place: ctx.places.get(row.divisionCode) ?? '',
    compoundId: row.compoundId,
    compoundName: row.compoundName,
    availability: row.availability,
    deadline: row.deadline,
    minutes: row.minutes,
    points: row.points,
    pointsEstimate: pointsEstimate(row, ctx.rules.get(row.districtCode)),
    requiredVerification: row.requiredVerification,
    capacity: row.capacity,
    openSlots: row.openSlots,
    alerts: row.alerts,
    status,
    photos: (ctx.photos.get(row.id) ?? []).map((p) => `/api/listings/${row.id}/photos/${p}`),
    poster: {
      id: row.ownerId,
      nickname: row.poster.nickname,
      verification: row.poster.verification,
      partyMember: row.poster.partyMember,
      avatarUrl:
        row.poster.avatarAt === null ? null : `/api/accounts/${row.ownerId}/avatar?v=${row.poster.avatarAt}`,
      completed: row.poster.completed,
      // Bayesian average from the reviews module; null until the poster has reviews.
      rating: ctx.ratings?.get(row.ownerId)?.rating ?? null,
    },
    mine: isOwner(ctx.actor, facts),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    abilities: {
      edit: canEdit(ctx.actor, facts, ctx.now),
      close: canClose(ctx.actor, facts, ctx.now),
      respond: blocked === null,
      respondBlockedBy: blocked,
    },
  };
}
