import type { ModerationItem, Review, SubjectReviews } from '../../../common/schemas/reviews.js';
import { canEdit, canReport, contentVisibleTo } from './reviews.policy.js';
import type { ReportRow, ReviewRow, WindowRow } from './reviews.repository.js';

/** A removed account keeps its reviews; its name is gone with its personal data. */
const GONE = '—';

export type Names = Map<string, string>;

const ref = (id: string, names: Names) => ({ id, nickname: names.get(id) ?? GONE });

/**
 * A review as `viewerId` sees it: its content only to its author until published, and never
 * while hidden by moderation (then the reason shows instead). Comments are plain text.
 */
export function presentReview(r: ReviewRow, viewerId: string, names: Names, now: number): Review {
  const mine = r.reviewerId === viewerId;
  const showContent = contentVisibleTo(viewerId, r) && (r.hiddenAt === null || mine);
  return {
    id: r.id,
    subjectKind: r.subjectKind,
    subjectId: r.subjectId,
    reviewer: ref(r.reviewerId, names),
    reviewee: ref(r.revieweeId, names),
    stars: showContent ? r.stars : null,
    tags: showContent ? r.tags : [],
    comment: showContent ? r.comment : null,
    mine,
    published: r.publishedAt !== null,
    hidden: r.hiddenAt !== null,
    hiddenReason: r.hiddenReason,
    editableUntil: canEdit(viewerId, r, now) ? r.editableUntil : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    logIndexes: r.logIndexes,
    abilities: { edit: canEdit(viewerId, r, now), report: canReport(viewerId, r) },
  };
}

export function presentSubject(
  w: WindowRow,
  viewerId: string,
  counterpartId: string,
  reviews: ReviewRow[],
  names: Names,
  now: number,
): SubjectReviews {
  const mine = reviews.find((r) => r.reviewerId === viewerId) ?? null;
  const theirs = reviews.find((r) => r.reviewerId === counterpartId) ?? null;
  const open = now < w.closesAt;
  return {
    subjectKind: w.subjectKind,
    subjectId: w.subjectId,
    title: w.title,
    counterpart: ref(counterpartId, names),
    closesAt: w.closesAt,
    open,
    mine: mine ? presentReview(mine, viewerId, names, now) : null,
    theirs: theirs?.publishedAt ? presentReview(theirs, viewerId, names, now) : null,
    theirsSubmitted: theirs !== null,
    abilities: {
      review: open && mine === null,
      edit: mine !== null && canEdit(viewerId, mine, now),
    },
  };
}

export function presentModeration(
  r: ReviewRow,
  reports: ReportRow[],
  viewerId: string,
  names: Names,
  now: number,
): ModerationItem {
  // Moderators see what they decide on, hidden or not (the queue holds published reviews only).
  const review = presentReview(r, viewerId, names, now);
  return {
    review: { ...review, stars: r.stars, tags: r.tags, comment: r.comment },
    communityCode: r.communityCode,
    reports: reports.map((p) => ({ reason: p.reason, createdAt: p.createdAt })),
    firstReportedAt: reports[0]?.createdAt ?? r.publishedAt ?? r.createdAt,
  };
}
