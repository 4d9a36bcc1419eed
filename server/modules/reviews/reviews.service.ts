import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  type ModerationItem,
  type PendingReview,
  REVIEW_EDIT_MINUTES,
  REVIEW_WINDOW_DAYS,
  type Review,
  type ReviewInput,
  type ReviewSubjectKind,
  type SubjectReviews,
} from '../../../common/schemas/reviews.js';
import { concat, toBase64, utf8 } from '../../../common/tlog/bytes.js';
import type { Db } from '../../db/database.js';
import { forUpdate } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { sha256 } from '../../lib/crypto.js';
import { cleanText } from '../../lib/text.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { JobRunner } from '../notify/job-runner.js';
import type { Notifier } from '../notify/notify.service.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { canonicalJson, type JsonValue } from '../trustlog/log-entry.js';
import {
  canEdit,
  canReport,
  counterpartIn,
  isModerator,
  moderatedDivisions,
  windowOpen,
} from './reviews.policy.js';
import { type Names, presentModeration, presentReview, presentSubject } from './reviews.presenter.js';
import { type ReviewRow, ReviewsRepository, type WindowRow } from './reviews.repository.js';

export const CLOSE_WINDOW_JOB = 'reviews.close_window';
const DAY = 86_400_000;
/** Repeated reviews of the same person by the same reviewer count once in the average per 30 days. */
export const REPEAT_WINDOW_MS = 30 * DAY;
/** Reviews one person may give per 24 hours (against review bombing). */
export const DEFAULT_DAILY_LIMIT = 10;

/** What other modules call to let the two participants of a finished subject review each other. */
export interface ReviewWindows {
  openWindow(trx: Transaction<Database>, input: OpenWindowInput): Promise<void>;
}

export interface OpenWindowInput {
  kind: ReviewSubjectKind;
  /** The subject's id: one window per subject, for exactly two participants. */
  subjectId: string;
  parties: [string, string];
  /** The community of the subject (its staff moderate when a reviewee has no home community). */
  communityCode: string;
  /** Shown on the prompt (a listing's title, an item's name); not personal data. */
  title?: string | null;
  /** When the subject was completed (default now); the window lasts REVIEW_WINDOW_DAYS from it. */
  completedAt?: number;
}

export interface ReviewsDeps {
  log: LogAppender;
  notify: Notifier;
  jobs: JobRunner;
  directory: IdentityDirectory;
}

function requirePerson(actor: Actor): string {
  if (actor.kind !== 'person') throw new AppError('unauthorized');
  return actor.accountId;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint/.test(e?.message ?? '')
  );
}

/** The comment's hash in the log: salted, so a short comment cannot be found by guessing. */
export function commentHash(salt: string, comment: string): string {
  return toBase64(
    sha256(concat(utf8('linli/review-comment/v1'), new Uint8Array([0]), utf8(salt), utf8(comment))),
  );
}

/**
 * The commitment logged while a review is blind: anyone can later check that the published stars,
 * tags and comment hash are what was committed before the other side's review was seen.
 */
export function reviewCommitment(content: { stars: number; tags: string[]; comment: string }): string {
  return toBase64(sha256(utf8(canonicalJson({ ...content, tags: [...content.tags].sort() }))));
}

/**
 * Two-way reviews of a finished subject (an exchange now; loans and shifts later): 1–5 stars,
 * tags from a fixed list and a short comment, by its two participants only, once each, while the
 * window is open; editable for a short time while blind. A review stays blind (only a commitment
 * in the trust log) until both sides reviewed or the window closed; then it is published (stars,
 * tags and the comment's hash in the log) and counts in the reviewee's cached aggregate in the
 * same transaction. Never deleted: moderation hides it with a reason, and the log keeps the fact.
 */
export class ReviewsService implements ReviewWindows {
  private readonly repo: ReviewsRepository;
  private readonly dailyLimit: number;

  constructor(
    private readonly db: Db,
    private readonly deps: ReviewsDeps,
    options: { dailyLimit?: number } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new ReviewsRepository(db.kysely);
    this.dailyLimit = options.dailyLimit ?? DEFAULT_DAILY_LIMIT;
    deps.jobs.register(CLOSE_WINDOW_JOB, (payload) =>
      this.closeWindow((payload as { windowId: string }).windowId),
    );
  }

  // ---- windows --------------------------------------------------------------------------------

  /**
   * Opens the review window of a subject for its two participants, inside the caller's
   * transaction (an exchange's payment, a loan's return …); a second call for the same subject
   * changes nothing. Its closing is queued as a job at the window's end.
   */
  async openWindow(trx: Transaction<Database>, input: OpenWindowInput): Promise<void> {
    const [a, b] = input.parties;
    if (a === b) return;
    const openedAt = input.completedAt ?? this.now();
    const id = uuidv7();
    const closesAt = openedAt + REVIEW_WINDOW_DAYS * DAY;
    const opened = await new ReviewsRepository(trx).insertWindow({
      id,
      subject_kind: input.kind,
      subject_id: input.subjectId,
      party_a: a,
      party_b: b,
      community_code: input.communityCode,
      title: input.title ?? null,
      opened_at: openedAt,
      closes_at: closesAt,
      closed_at: null,
    });
    if (!opened) return;
    await this.deps.jobs.enqueueInTransaction(trx, {
      kind: CLOSE_WINDOW_JOB,
      payload: { windowId: id },
      dedupeKey: `review-window:${id}`,
      runAt: closesAt,
    });
  }

  /**
   * Closes a window whose time is up: every review still blind in it is published (the other
   * side did not review in time). Run by the job queued at opening; safe to run twice.
   */
  async closeWindow(windowId: string): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = new ReviewsRepository(trx);
      const window = await this.lockWindow(trx, windowId);
      if (!window || window.closedAt !== null || window.closesAt > this.now()) return;
      await repo.closeWindow(windowId, this.now());
      for (const review of await repo.reviewsOfWindow(windowId))
        if (review.publishedAt === null) await this.publish(trx, repo, review);
    });
  }

  /** Closes every window past its end (for the CLI and for a runner that was down a while). */
  async closeDue(limit = 100): Promise<number> {
    const ids = await this.repo.dueWindows(this.now(), limit);
    for (const id of ids) await this.closeWindow(id);
    return ids.length;
  }

  private async lockWindow(trx: Transaction<Database>, windowId: string): Promise<WindowRow | null> {
    // Serialises the two sides' submissions and the closing: whoever comes second sees the first.
    await forUpdate(
      this.db.dialect,
      trx.selectFrom('review_windows').select('id').where('id', '=', windowId),
    ).execute();
    return new ReviewsRepository(trx).windowById(windowId);
  }

  /** The window of a subject with my part in it; not_found when I am not one of its two. */
  private async windowFor(me: string, kind: ReviewSubjectKind, subjectId: string) {
    const window = await this.repo.windowBySubject(kind, subjectId);
    const counterpart = window ? counterpartIn(window, me) : null;
    if (!window || !counterpart) throw new AppError('not_found');
    return { window, counterpart };
  }

  // ---- reading --------------------------------------------------------------------------------

  /** The reviews of a subject as one of its two participants sees them (the other's stays blind). */
  async forSubject(actor: Actor, kind: ReviewSubjectKind, subjectId: string): Promise<SubjectReviews> {
    const me = requirePerson(actor);
    const { window, counterpart } = await this.windowFor(me, kind, subjectId);
    const reviews = await this.repo.reviewsOfWindow(window.id);
    const names = await this.names([me, counterpart]);
    return presentSubject(window, me, counterpart, reviews, names, this.now());
  }

  /** Subjects I may still review (待评价), ending soonest first. */
  async pending(actor: Actor): Promise<{ items: PendingReview[] }> {
    const me = requirePerson(actor);
    const windows = await this.repo.pendingFor(me, this.now(), 50);
    const others = windows.map((w) => counterpartIn(w, me)!);
    const names = await this.names(others);
    return {
      items: windows.map((w, i) => ({
        subjectKind: w.subjectKind,
        subjectId: w.subjectId,
        title: w.title,
        counterpart: { id: others[i]!, nickname: names.get(others[i]!) ?? '—' },
        closesAt: w.closesAt,
      })),
    };
  }

  /** Published reviews of a person, newest first, as `viewerId` sees them (for the credit record). */
  async publishedOf(viewerId: string, personId: string, limit: number): Promise<Review[]> {
    const rows = await this.repo.publishedOf(personId, limit);
    const names = await this.names(rows.flatMap((r) => [r.reviewerId, r.revieweeId]));
    return rows.map((r) => presentReview(r, viewerId, names, this.now()));
  }

  // ---- writing --------------------------------------------------------------------------------

  /**
   * Reviews the other participant of a subject: once, while the window is open, within the daily
   * limit. Blind until the other side reviews too (then both are published now) or the window
   * closes.
   */
  async submit(
    actor: Actor,
    kind: ReviewSubjectKind,
    subjectId: string,
    input: ReviewInput,
  ): Promise<Review> {
    const me = requirePerson(actor);
    const { window, counterpart } = await this.windowFor(me, kind, subjectId);
    const now = this.now();
    if (!windowOpen(window, now)) throw new AppError('review_window_closed');
    const content = this.content(input);
    if ((await this.repo.reviewsOfWindow(window.id)).some((r) => r.reviewerId === me))
      throw new AppError('review_duplicate');
    if ((await this.repo.givenSince(me, now - DAY)) >= this.dailyLimit)
      throw new AppError('review_rate_limited');
    const home = (await this.deps.directory.person(counterpart))?.homeDivision ?? null;
    const id = uuidv7();
    const salt = toBase64(new Uint8Array(randomBytes(16)));
    try {
      await this.db.kysely.transaction().execute(async (trx) => {
        const repo = new ReviewsRepository(trx);
        await this.lockWindow(trx, window.id);
        const [entry] = await this.deps.log.append(trx, [
          {
            kind: 'review.submitted',
            v: 1,
            data: {
              review: id,
              subject: `${kind}:${subjectId}`,
              reviewer: await this.pseudonym(trx, me),
              reviewee: await this.pseudonym(trx, counterpart),
              commitment: reviewCommitment({
                stars: content.stars,
                tags: content.tags,
                comment: commentHash(salt, content.comment),
              }),
            },
          },
        ]);
        await repo.insertReview({
          id,
          window_id: window.id,
          reviewer_id: me,
          reviewee_id: counterpart,
          community_code: home ?? window.communityCode,
          stars: content.stars,
          tags: JSON.stringify(content.tags),
          comment: content.comment,
          salt,
          editable_until: now + REVIEW_EDIT_MINUTES * 60_000,
          published_at: null,
          hidden_at: null,
          hidden_by: null,
          hidden_reason: null,
          log_indexes: JSON.stringify([entry!.index]),
          created_at: now,
          updated_at: now,
        });
        const all = await repo.reviewsOfWindow(window.id);
        if (all.length === 2) {
          // Both sides have spoken: publish both, the earlier first.
          for (const review of all) if (review.publishedAt === null) await this.publish(trx, repo, review);
        } else {
          await this.deps.notify.notifyInTransaction(trx, [counterpart], 'review.received', {
            subjectKind: kind,
            subjectId,
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('review_duplicate');
      throw error;
    }
    return this.present(me, (await this.repo.reviewById(id))!);
  }

  /** Its author changes a review: within REVIEW_EDIT_MINUTES and while it is still blind. */
  async edit(actor: Actor, reviewId: string, input: ReviewInput): Promise<Review> {
    const me = requirePerson(actor);
    const review = await this.repo.reviewById(reviewId);
    if (!review || review.reviewerId !== me) throw new AppError('not_found');
    if (!canEdit(me, review, this.now())) throw new AppError('review_edit_closed');
    const content = this.content(input);
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = new ReviewsRepository(trx);
      await this.lockWindow(trx, review.windowId);
      const [entry] = await this.deps.log.append(trx, [
        {
          kind: 'review.edited',
          v: 1,
          data: {
            review: review.id,
            subject: `${review.subjectKind}:${review.subjectId}`,
            reviewer: await this.pseudonym(trx, review.reviewerId),
            reviewee: await this.pseudonym(trx, review.revieweeId),
            commitment: reviewCommitment({
              stars: content.stars,
              tags: content.tags,
              comment: commentHash(review.salt, content.comment),
            }),
          },
          refs: [review.logIndexes.at(-1)!],
        },
      ]);
      const changed = await repo.updateContent(
        review.id,
        {
          stars: content.stars,
          tags: JSON.stringify(content.tags),
          comment: content.comment,
          logIndexes: [...review.logIndexes, entry!.index],
        },
        this.now(),
      );
      // Published or closed meanwhile: the log entry goes with the rollback.
      if (!changed) throw new AppError('review_edit_closed');
    });
    return this.present(me, (await this.repo.reviewById(reviewId))!);
  }

  /**
   * Publishes a blind review (in `trx`): the log gets its stars, tags and comment hash (which
   * match the commitment logged at submission), and it counts in the reviewee's aggregate unless
   * the same reviewer's review of the same person already counts within REPEAT_WINDOW_MS.
   */
  private async publish(
    trx: Transaction<Database>,
    repo: ReviewsRepository,
    review: ReviewRow,
  ): Promise<void> {
    const now = this.now();
    const counted =
      review.hiddenAt === null &&
      !(await repo.countedSince(review.reviewerId, review.revieweeId, now - REPEAT_WINDOW_MS));
    const [entry] = await this.deps.log.append(trx, [
      {
        kind: 'review.published',
        v: 1,
        data: {
          review: review.id,
          subject: `${review.subjectKind}:${review.subjectId}`,
          reviewer: await this.pseudonym(trx, review.reviewerId),
          reviewee: await this.pseudonym(trx, review.revieweeId),
          stars: review.stars,
          tags: [...review.tags].sort(),
          comment: commentHash(review.salt, review.comment),
          counted,
        },
        refs: [review.logIndexes.at(-1)!],
        notify: [review.revieweeId],
      },
    ]);
    const published = await repo.publish(review.id, {
      at: now,
      index: entry!.index,
      counted,
      logIndexes: [...review.logIndexes, entry!.index],
    });
    if (!published) throw new AppError('conflict');
    if (counted) await repo.addToReputation(review.revieweeId, review.stars, 1, now);
  }

  // ---- reports and moderation -----------------------------------------------------------------

  /**
   * Reports a published review to the moderators of the reviewed person's community: by anyone
   * who can read it (the reviewed person; others when the person shares their record), once each.
   */
  async report(actor: Actor, reviewId: string, input: { reason: string }): Promise<void> {
    const me = requirePerson(actor);
    const review = await this.repo.reviewById(reviewId);
    if (!review || review.publishedAt === null) throw new AppError('not_found');
    if (review.reviewerId === me) throw new AppError('forbidden');
    if (
      review.revieweeId !== me &&
      !(await this.deps.directory.hasConsent(review.revieweeId, 'share_record'))
    )
      throw new AppError('not_found');
    if (review.hiddenAt !== null) throw new AppError('review_already_hidden');
    if (!canReport(me, review)) throw new AppError('forbidden');
    const reason = cleanText(input.reason);
    if (!reason) throw new AppError('validation_failed', { field: 'reason' });
    try {
      await this.repo.insertReport({
        id: uuidv7(),
        reviewId,
        reporterId: me,
        communityCode: review.communityCode,
        reason,
        createdAt: this.now(),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('review_report_duplicate');
      throw error;
    }
  }

  /** Reported reviews waiting for a decision in the communities I moderate, oldest report first. */
  async queue(actor: Actor, query: { community?: string | undefined }): Promise<{ items: ModerationItem[] }> {
    const me = requirePerson(actor);
    const mine = moderatedDivisions(actor);
    if (mine.length === 0) throw new AppError('forbidden');
    if (query.community && !isModerator(actor, query.community)) throw new AppError('forbidden');
    const reports = await this.repo.openReports(query.community ? [query.community] : mine, 500);
    const byReview = new Map<string, typeof reports>();
    for (const r of reports) byReview.set(r.reviewId, [...(byReview.get(r.reviewId) ?? []), r]);
    const reviews = await this.repo.reviewsByIds([...byReview.keys()]);
    const names = await this.names(reviews.flatMap((r) => [r.reviewerId, r.revieweeId]));
    const now = this.now();
    const items = reviews
      .filter((r) => isModerator(actor, r.communityCode))
      .map((r) => presentModeration(r, byReview.get(r.id)!, me, names, now));
    items.sort((a, b) => a.firstReportedAt - b.firstReportedAt);
    return { items };
  }

  /**
   * A moderator of the reviewed person's community decides: `hide` (never delete) with a reason —
   * the review leaves the average and the trust log records the fact — or `keep`. Either closes
   * the open reports of the review.
   */
  async moderate(
    actor: Actor,
    reviewId: string,
    input: { decision: 'hide' | 'keep'; reason: string },
  ): Promise<ModerationItem> {
    const me = requirePerson(actor);
    const review = await this.repo.reviewById(reviewId);
    if (!review || review.publishedAt === null || !isModerator(actor, review.communityCode))
      throw new AppError('not_found');
    if (review.hiddenAt !== null) throw new AppError('review_already_hidden');
    const reason = cleanText(input.reason);
    if (!reason) throw new AppError('validation_failed', { field: 'reason' });
    const reports = await this.repo.openReportsOf(reviewId);
    await this.db.kysely.transaction().execute(async (trx) => {
      const repo = new ReviewsRepository(trx);
      const now = this.now();
      const [entry] = await this.deps.log.append(trx, [
        {
          kind: input.decision === 'hide' ? 'review.hidden' : 'review.kept',
          v: 1,
          data: {
            review: review.id,
            subject: `${review.subjectKind}:${review.subjectId}`,
            reviewee: await this.pseudonym(trx, review.revieweeId),
            by: await this.pseudonym(trx, me),
            reports: reports.length,
            // The reason may name people: only its hash goes to the log.
            reason: toBase64(sha256(utf8(reason))),
          } satisfies Record<string, JsonValue>,
          refs: [review.publishedIndex ?? review.logIndexes.at(-1)!],
          notify: input.decision === 'hide' ? [review.reviewerId] : [],
        },
      ]);
      const logIndexes = [...review.logIndexes, entry!.index];
      if (input.decision === 'hide') {
        if (!(await repo.hide(review.id, { by: me, reason, at: now, logIndexes })))
          throw new AppError('review_already_hidden');
        if (review.counted) await repo.addToReputation(review.revieweeId, -review.stars, -1, now);
      } else {
        await repo.setLogIndexes(review.id, logIndexes);
      }
      await repo.decideReports(review.id, { by: me, decision: input.decision, reason, at: now });
    });
    const updated = (await this.repo.reviewById(reviewId))!;
    const names = await this.names([updated.reviewerId, updated.revieweeId]);
    return presentModeration(updated, reports, me, names, this.now());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private content(input: ReviewInput): { stars: number; tags: string[]; comment: string } {
    if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5)
      throw new AppError('validation_failed', { field: 'stars' });
    return {
      stars: input.stars,
      tags: [...new Set(input.tags ?? [])],
      comment: cleanText(input.comment ?? ''),
    };
  }

  private pseudonym(trx: Transaction<Database>, accountId: string): Promise<string> {
    return this.deps.log.pseudonym(trx, `account:${accountId}`);
  }

  private async names(ids: string[]): Promise<Names> {
    const people = await this.deps.directory.people(ids);
    return new Map([...people].map(([id, p]) => [id, p.nickname]));
  }

  private async present(viewerId: string, review: ReviewRow): Promise<Review> {
    const names = await this.names([review.reviewerId, review.revieweeId]);
    return presentReview(review, viewerId, names, this.now());
  }
}
