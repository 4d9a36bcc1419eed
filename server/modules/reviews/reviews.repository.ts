import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { ReviewSubjectKind, ReviewTag } from '../../../common/schemas/reviews.js';
import { toNumber } from '../../db/dialect.js';
import type { Database, ReviewsTable, ReviewWindowsTable } from '../../db/schema.js';
import { divisionPrefix } from '../../lib/actor.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface WindowRow {
  id: string;
  subjectKind: ReviewSubjectKind;
  subjectId: string;
  partyA: string;
  partyB: string;
  communityCode: string;
  title: string | null;
  openedAt: number;
  closesAt: number;
  closedAt: number | null;
}

export interface ReviewRow {
  id: string;
  windowId: string;
  subjectKind: ReviewSubjectKind;
  subjectId: string;
  reviewerId: string;
  revieweeId: string;
  communityCode: string;
  stars: number;
  tags: ReviewTag[];
  comment: string;
  salt: string;
  editableUntil: number;
  publishedAt: number | null;
  publishedIndex: number | null;
  counted: boolean;
  hiddenAt: number | null;
  hiddenBy: string | null;
  hiddenReason: string | null;
  logIndexes: number[];
  createdAt: number;
  updatedAt: number;
}

export interface ReportRow {
  reviewId: string;
  reason: string;
  createdAt: number;
}

const num = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));

function toWindow(r: Selectable<ReviewWindowsTable>): WindowRow {
  return {
    id: r.id,
    subjectKind: r.subject_kind as ReviewSubjectKind,
    subjectId: r.subject_id,
    partyA: r.party_a,
    partyB: r.party_b,
    communityCode: r.community_code,
    title: r.title,
    openedAt: toNumber(r.opened_at),
    closesAt: toNumber(r.closes_at),
    closedAt: num(r.closed_at),
  };
}

type ReviewJoined = Selectable<ReviewsTable> & { subject_kind: string; subject_id: string };

function toReview(r: ReviewJoined): ReviewRow {
  return {
    id: r.id,
    windowId: r.window_id,
    subjectKind: r.subject_kind as ReviewSubjectKind,
    subjectId: r.subject_id,
    reviewerId: r.reviewer_id,
    revieweeId: r.reviewee_id,
    communityCode: r.community_code,
    stars: toNumber(r.stars),
    tags: JSON.parse(r.tags) as ReviewTag[],
    comment: r.comment,
    salt: r.salt,
    editableUntil: toNumber(r.editable_until),
    publishedAt: num(r.published_at),
    publishedIndex: num(r.published_index),
    counted: toNumber(r.counted) === 1,
    hiddenAt: num(r.hidden_at),
    hiddenBy: r.hidden_by,
    hiddenReason: r.hidden_reason,
    logIndexes: (JSON.parse(r.log_indexes) as unknown[]).map(toNumber),
    createdAt: toNumber(r.created_at),
    updatedAt: toNumber(r.updated_at),
  };
}

/**
 * Kysely access to review windows, reviews, reports and the reputation aggregate. Changes to a
 * review are conditional updates (still blind, still editable, not hidden yet): zero rows means
 * the state moved on meanwhile.
 */
export class ReviewsRepository {
  constructor(private readonly db: Executor) {}

  /** Reviews a person wrote, and the published ones about them, for their data export. */
  async ofPerson(accountId: string) {
    const columns = ['id', 'window_id', 'stars', 'tags', 'comment', 'published_at', 'hidden_at'] as const;
    const [written, received] = await Promise.all([
      this.db.selectFrom('reviews').select(columns).where('reviewer_id', '=', accountId).execute(),
      this.db
        .selectFrom('reviews')
        .select(columns)
        .where('reviewee_id', '=', accountId)
        .where('published_at', 'is not', null)
        .execute(),
    ]);
    return { written, received };
  }

  /** A deleted account's review comments are erased; stars and the log's commitments stay. */
  async eraseCommentsBy(accountId: string): Promise<void> {
    await this.db.updateTable('reviews').set({ comment: '' }).where('reviewer_id', '=', accountId).execute();
  }

  private reviews() {
    return this.db
      .selectFrom('reviews as r')
      .innerJoin('review_windows as w', 'w.id', 'r.window_id')
      .selectAll('r')
      .select(['w.subject_kind', 'w.subject_id']);
  }

  // ---- windows --------------------------------------------------------------------------------

  /** Opens a window unless the subject has one; true when opened now. */
  async insertWindow(w: ReviewWindowsTable): Promise<boolean> {
    const res = await this.db
      .insertInto('review_windows')
      .values(w)
      .onConflict((oc) => oc.columns(['subject_kind', 'subject_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async windowBySubject(kind: string, subjectId: string): Promise<WindowRow | null> {
    const r = await this.db
      .selectFrom('review_windows')
      .selectAll()
      .where('subject_kind', '=', kind)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    return r ? toWindow(r) : null;
  }

  async windowById(id: string): Promise<WindowRow | null> {
    const r = await this.db.selectFrom('review_windows').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toWindow(r) : null;
  }

  /** Marks a window closed once; true for the caller that closed it. */
  async closeWindow(id: string, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('review_windows')
      .set({ closed_at: now })
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Windows past their end that were not closed yet (the close job missed them). */
  async dueWindows(now: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('review_windows')
      .select('id')
      .where('closes_at', '<=', now)
      .where('closed_at', 'is', null)
      .orderBy('closes_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Open windows of a person in which they have not reviewed yet, ending soonest first. */
  async pendingFor(accountId: string, now: number, limit: number): Promise<WindowRow[]> {
    const rows = await this.db
      .selectFrom('review_windows as w')
      .selectAll('w')
      .where((eb) => eb.or([eb('w.party_a', '=', accountId), eb('w.party_b', '=', accountId)]))
      .where('w.closes_at', '>', now)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('reviews as r')
              .select('r.id')
              .whereRef('r.window_id', '=', 'w.id')
              .where('r.reviewer_id', '=', accountId),
          ),
        ),
      )
      .orderBy('w.closes_at')
      .limit(limit)
      .execute();
    return rows.map(toWindow);
  }

  // ---- reviews --------------------------------------------------------------------------------

  async reviewsOfWindow(windowId: string): Promise<ReviewRow[]> {
    const rows = await this.reviews().where('r.window_id', '=', windowId).orderBy('r.created_at').execute();
    return rows.map(toReview);
  }

  async reviewById(id: string): Promise<ReviewRow | null> {
    const r = await this.reviews().where('r.id', '=', id).executeTakeFirst();
    return r ? toReview(r) : null;
  }

  async reviewsByIds(ids: string[]): Promise<ReviewRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.reviews().where('r.id', 'in', ids).execute();
    return rows.map(toReview);
  }

  async insertReview(row: Insertable<ReviewsTable>): Promise<void> {
    await this.db.insertInto('reviews').values(row).execute();
  }

  /** Changes a blind, editable, visible review; false when it is no longer so. */
  async updateContent(
    id: string,
    patch: { stars: number; tags: string; comment: string; logIndexes: number[] },
    now: number,
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('reviews')
      .set({
        stars: patch.stars,
        tags: patch.tags,
        comment: patch.comment,
        log_indexes: JSON.stringify(patch.logIndexes),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('published_at', 'is', null)
      .where('hidden_at', 'is', null)
      .where('editable_until', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Publishes a blind review once; false when it was published already. */
  async publish(
    id: string,
    p: { at: number; index: number; counted: boolean; logIndexes: number[] },
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('reviews')
      .set({
        published_at: p.at,
        published_index: p.index,
        counted: p.counted ? 1 : 0,
        log_indexes: JSON.stringify(p.logIndexes),
      })
      .where('id', '=', id)
      .where('published_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Hides a review once (never deletes it); false when it was hidden already. */
  async hide(
    id: string,
    p: { by: string; reason: string; at: number; logIndexes: number[] },
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('reviews')
      .set({
        hidden_at: p.at,
        hidden_by: p.by,
        hidden_reason: p.reason,
        log_indexes: JSON.stringify(p.logIndexes),
      })
      .where('id', '=', id)
      .where('hidden_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async setLogIndexes(id: string, logIndexes: number[]): Promise<void> {
    await this.db
      .updateTable('reviews')
      .set({ log_indexes: JSON.stringify(logIndexes) })
      .where('id', '=', id)
      .execute();
  }

  /** Reviews a person gave since `since` (the daily limit). */
  async givenSince(reviewerId: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('reviews')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('reviewer_id', '=', reviewerId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  /** Whether a review by this reviewer of this reviewee already counts in the average since `since`. */
  async countedSince(reviewerId: string, revieweeId: string, since: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('reviews')
      .select('id')
      .where('reviewer_id', '=', reviewerId)
      .where('reviewee_id', '=', revieweeId)
      .where('counted', '=', 1)
      .where('hidden_at', 'is', null)
      .where('published_at', '>=', since)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Published reviews of a person, newest first (hidden ones included, shown as hidden). */
  async publishedOf(revieweeId: string, limit: number): Promise<ReviewRow[]> {
    const rows = await this.reviews()
      .where('r.reviewee_id', '=', revieweeId)
      .where('r.published_at', 'is not', null)
      .orderBy('r.published_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toReview);
  }

  /** The log entries backing a person's average: published, counted, not hidden; newest first. */
  async countedIndexes(revieweeId: string, limit: number): Promise<{ indexes: number[]; total: number }> {
    const base = this.db
      .selectFrom('reviews')
      .where('reviewee_id', '=', revieweeId)
      .where('counted', '=', 1)
      .where('hidden_at', 'is', null)
      .where('published_index', 'is not', null);
    const [rows, total] = await Promise.all([
      base.select('published_index').orderBy('published_index', 'desc').limit(limit).execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { indexes: rows.map((r) => toNumber(r.published_index)), total: toNumber(total.n) };
  }

  // ---- the aggregate --------------------------------------------------------------------------

  /** Adds to a person's aggregate (negative to take a hidden review out), in the review's transaction. */
  async addToReputation(accountId: string, stars: number, count: number, now: number): Promise<void> {
    if (count < 0) {
      // Taking out: the row exists (what is taken out was added), and an upsert's proposed row
      // would already fail the CHECKs on negative values.
      await this.db
        .updateTable('reputation')
        .set({
          stars_sum: sql`stars_sum + ${stars}`,
          reviews_count: sql`reviews_count + ${count}`,
          updated_at: now,
        })
        .where('account_id', '=', accountId)
        .execute();
      return;
    }
    await this.db
      .insertInto('reputation')
      .values({ account_id: accountId, stars_sum: stars, reviews_count: count, updated_at: now })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({
          stars_sum: sql`reputation.stars_sum + ${stars}`,
          reviews_count: sql`reputation.reviews_count + ${count}`,
          updated_at: now,
        }),
      )
      .execute();
  }

  /** The aggregates of these people in one query (absent: not reviewed yet). */
  async reputations(ids: readonly string[]): Promise<Map<string, { sum: number; count: number }>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('reputation')
      .select(['account_id', 'stars_sum', 'reviews_count'])
      .where('account_id', 'in', unique)
      .execute();
    return new Map(
      rows.map((r) => [r.account_id, { sum: toNumber(r.stars_sum), count: toNumber(r.reviews_count) }]),
    );
  }

  // ---- reports and moderation -----------------------------------------------------------------

  async insertReport(r: {
    id: string;
    reviewId: string;
    reporterId: string;
    communityCode: string;
    reason: string;
    createdAt: number;
  }): Promise<void> {
    await this.db
      .insertInto('review_reports')
      .values({
        id: r.id,
        review_id: r.reviewId,
        reporter_id: r.reporterId,
        community_code: r.communityCode,
        reason: r.reason,
        created_at: r.createdAt,
        decided_at: null,
        decided_by: null,
        decision: null,
        decision_reason: null,
      })
      .execute();
  }

  /** Undecided reports in these divisions (and below), oldest first. */
  async openReports(divisions: string[], limit: number): Promise<ReportRow[]> {
    if (divisions.length === 0) return [];
    const rows = await this.db
      .selectFrom('review_reports')
      .select(['review_id', 'reason', 'created_at'])
      .where('decided_at', 'is', null)
      .where((eb) => eb.or(divisions.map((d) => eb('community_code', 'like', `${divisionPrefix(d)}%`))))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ reviewId: r.review_id, reason: r.reason, createdAt: toNumber(r.created_at) }));
  }

  async openReportsOf(reviewId: string): Promise<ReportRow[]> {
    const rows = await this.db
      .selectFrom('review_reports')
      .select(['review_id', 'reason', 'created_at'])
      .where('review_id', '=', reviewId)
      .where('decided_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ reviewId: r.review_id, reason: r.reason, createdAt: toNumber(r.created_at) }));
  }

  /** Decides every open report of a review; returns how many. */
  async decideReports(
    reviewId: string,
    d: { by: string; decision: 'hide' | 'keep'; reason: string; at: number },
  ): Promise<number> {
    const res = await this.db
      .updateTable('review_reports')
      .set({ decided_at: d.at, decided_by: d.by, decision: d.decision, decision_reason: d.reason })
      .where('review_id', '=', reviewId)
      .where('decided_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}
