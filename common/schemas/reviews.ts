import { type Static, Type } from 'typebox';
import { VerificationLevelSchema } from './listings.js';

/**
 * Reviews, reputation and the credit record (信用记录): the contract between the server's
 * `reviews` module and the web app. Fields may be added; none is renamed.
 */

/** What can be reviewed: an exchange now; loans (huts) and volunteering shifts (events) later. */
export const REVIEW_SUBJECT_KINDS = ['exchange', 'loan', 'shift'] as const;
export type ReviewSubjectKind = (typeof REVIEW_SUBJECT_KINDS)[number];

/** The fixed list of tags (labels in web/i18n/locales/<lang>/reviews.json, `tag.<key>`). */
export const REVIEW_TAGS = [
  'punctual', // 守时
  'skilled', // 专业
  'warm', // 热心
  'patient', // 耐心
  'careful', // 细心
  'friendly', // 友善
  'reliable', // 靠谱
  'tidy', // 整洁
] as const;
export type ReviewTag = (typeof REVIEW_TAGS)[number];

export const COMMENT_MAX = 500;
export const STARS_MIN = 1;
export const STARS_MAX = 5;

/** How long after completion the two sides may review (days), and how long a review stays editable. */
export const REVIEW_WINDOW_DAYS = 14;
export const REVIEW_EDIT_MINUTES = 30;

/** The Bayesian prior: a person with no reviews counts as `PRIOR_COUNT` reviews at `PRIOR_MEAN`. */
export const PRIOR_MEAN = 4.5;
export const PRIOR_COUNT = 5;

// Spelled out (not mapped from the lists) so that their static types are the unions.
export const ReviewSubjectKindSchema = Type.Union([
  Type.Literal('exchange'),
  Type.Literal('loan'),
  Type.Literal('shift'),
]);
export const ReviewTagSchema = Type.Union([
  Type.Literal('punctual'),
  Type.Literal('skilled'),
  Type.Literal('warm'),
  Type.Literal('patient'),
  Type.Literal('careful'),
  Type.Literal('friendly'),
  Type.Literal('reliable'),
  Type.Literal('tidy'),
]);

export const SubjectParamsSchema = Type.Object({
  kind: ReviewSubjectKindSchema,
  id: Type.String({ minLength: 1, maxLength: 100 }),
});

export const ReviewInputSchema = Type.Object(
  {
    stars: Type.Integer({ minimum: STARS_MIN, maximum: STARS_MAX }),
    tags: Type.Optional(Type.Array(ReviewTagSchema, { maxItems: REVIEW_TAGS.length, uniqueItems: true })),
    comment: Type.Optional(Type.String({ maxLength: COMMENT_MAX, description: 'Shown as plain text' })),
  },
  { additionalProperties: false },
);
export type ReviewInput = Static<typeof ReviewInputSchema>;

export const PersonRefSchema = Type.Object({
  id: Type.String(),
  nickname: Type.String(),
});

export const ReviewSchema = Type.Object({
  id: Type.String(),
  subjectKind: ReviewSubjectKindSchema,
  subjectId: Type.String(),
  reviewer: PersonRefSchema,
  reviewee: PersonRefSchema,
  /** Null while hidden by moderation (the fact stays, the content does not show). */
  stars: Type.Union([Type.Integer(), Type.Null()]),
  tags: Type.Array(ReviewTagSchema),
  comment: Type.Union([Type.String(), Type.Null()]),
  mine: Type.Boolean(),
  /** Shown to others once both sides reviewed or the window closed (until then only to its author). */
  published: Type.Boolean(),
  hidden: Type.Boolean(),
  hiddenReason: Type.Union([Type.String(), Type.Null()]),
  editableUntil: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  /** Trust-log entries of this review (submitted, edited, published, hidden …), oldest first. */
  logIndexes: Type.Array(Type.Integer()),
  abilities: Type.Object({ edit: Type.Boolean(), report: Type.Boolean() }),
});
export type Review = Static<typeof ReviewSchema>;

/** The review state of one subject as one of its two participants sees it. */
export const SubjectReviewsSchema = Type.Object({
  subjectKind: ReviewSubjectKindSchema,
  subjectId: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  counterpart: PersonRefSchema,
  closesAt: Type.Integer(),
  open: Type.Boolean(),
  mine: Type.Union([ReviewSchema, Type.Null()]),
  /** The other side's review, once published. */
  theirs: Type.Union([ReviewSchema, Type.Null()]),
  /** Whether the other side has reviewed (its content stays blind until published). */
  theirsSubmitted: Type.Boolean(),
  abilities: Type.Object({ review: Type.Boolean(), edit: Type.Boolean() }),
});
export type SubjectReviews = Static<typeof SubjectReviewsSchema>;

export const PendingReviewSchema = Type.Object({
  subjectKind: ReviewSubjectKindSchema,
  subjectId: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  counterpart: PersonRefSchema,
  closesAt: Type.Integer(),
});
export type PendingReview = Static<typeof PendingReviewSchema>;
export const PendingReviewListSchema = Type.Object({ items: Type.Array(PendingReviewSchema) });

export const ReportInputSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);

export const ModerateInputSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('hide'), Type.Literal('keep')]),
    reason: Type.String({ minLength: 1, maxLength: 300 }),
  },
  { additionalProperties: false },
);

export const ModerationItemSchema = Type.Object({
  review: ReviewSchema,
  communityCode: Type.String(),
  reports: Type.Array(Type.Object({ reason: Type.String(), createdAt: Type.Integer() })),
  firstReportedAt: Type.Integer(),
});
export type ModerationItem = Static<typeof ModerationItemSchema>;
export const ModerationQueueSchema = Type.Object({ items: Type.Array(ModerationItemSchema) });
export const ModerationQuerySchema = Type.Object(
  { community: Type.Optional(Type.String({ pattern: '^\\d{12}$' })) },
  { additionalProperties: false },
);

export const ReputationSchema = Type.Object({
  /** Bayesian average (prior PRIOR_COUNT reviews at PRIOR_MEAN); null without reviews. */
  rating: Type.Union([Type.Number(), Type.Null()]),
  /** Plain mean of the reviews that count; null without reviews. */
  mean: Type.Union([Type.Number(), Type.Null()]),
  count: Type.Integer(),
  priorMean: Type.Number(),
  priorCount: Type.Integer(),
});
export type Reputation = Static<typeof ReputationSchema>;

/**
 * One figure of a credit record with the trust-log entries that back it (newest first, at most
 * `LOG_SAMPLE`), so the reader can open each entry's receipt and check it (相互佐证).
 */
export const CreditFigureSchema = Type.Object({
  /** exchanges_as_helper, exchanges_as_recipient, loans, on_time_rate, no_shows, disputes, reviews … */
  key: Type.String(),
  /** A count, or a rate in [0, 1]; null when there is nothing to compute it from. */
  value: Type.Union([Type.Number(), Type.Null()]),
  unit: Type.Union([Type.Literal('count'), Type.Literal('rate'), Type.Literal('stars')]),
  logIndexes: Type.Array(Type.Integer()),
  /** How many entries back the figure in all (logIndexes may be a sample). */
  entries: Type.Integer(),
});
export type CreditFigure = Static<typeof CreditFigureSchema>;

export const CreditRecordSchema = Type.Object({
  person: Type.Object({
    id: Type.String(),
    nickname: Type.String(),
    verification: VerificationLevelSchema,
    partyMember: Type.Boolean(),
    avatarUrl: Type.Union([Type.String(), Type.Null()]),
    /** Coarse place: the home community's name only. */
    place: Type.Union([Type.String(), Type.Null()]),
  }),
  reputation: ReputationSchema,
  /** True when the reader may see the detailed record (their own, or the person consented). */
  detailed: Type.Boolean(),
  figures: Type.Array(CreditFigureSchema),
  /** Latest published reviews of the person (detailed record only). */
  reviews: Type.Array(ReviewSchema),
});
export type CreditRecord = Static<typeof CreditRecordSchema>;
