import { type Static, Type } from 'typebox';
import { EpochMs } from './time.js';

/**
 * Offers (服务清单) and needs (需求清单): the contract between the server's `listings` and
 * `matching` modules and the web app. Fields may be added; none is renamed.
 */

export const LISTING_DIRECTIONS = ['offer', 'need'] as const;
export const LISTING_KINDS = ['skill', 'service', 'time', 'item'] as const;
export const LISTING_STATUSES = ['open', 'closed', 'expired', 'fulfilled'] as const;
export const VERIFICATION_LEVELS = ['phone', 'real_name', 'in_person'] as const;
export const CATEGORY_GROUPS = [
  'repair',
  'care',
  'learning',
  'health',
  'household',
  'items',
  'community',
] as const;
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;

export const TITLE_MAX = 60;
export const DESCRIPTION_MAX = 2000;
export const TAGS_MAX = 8;
export const TAG_MAX = 16;

// Unsafe<…> keeps the union of literals in the static type (a plain `map` widens it to never);
// the JSON schema (anyOf of consts) is unchanged.
const literals = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description ? { description } : {},
    ),
  );

export const DirectionSchema = literals(
  LISTING_DIRECTIONS,
  'offer: I can share; need: I am looking for help',
);
export const ListingKindSchema = literals(LISTING_KINDS);
export const ListingStatusSchema = literals(LISTING_STATUSES);
export const VerificationLevelSchema = literals(VERIFICATION_LEVELS);
export const CategoryKeySchema = Type.String({ pattern: '^[a-z0-9_]{1,40}$' });

/** A weekly window, as on the profile: day 0 = Sunday … 6 = Saturday. */
export const AvailabilitySlotSchema = Type.Object(
  { day: Type.Integer({ minimum: 0, maximum: 6 }), part: literals(DAY_PARTS) },
  { additionalProperties: false },
);
export type AvailabilitySlot = Static<typeof AvailabilitySlotSchema>;

export const CategorySchema = Type.Object({
  key: CategoryKeySchema,
  group: literals(CATEGORY_GROUPS),
  nameZh: Type.String(),
  nameEn: Type.String(),
  keywords: Type.Array(Type.String()),
  requiredVerification: VerificationLevelSchema,
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});
export type Category = Static<typeof CategorySchema>;

/** A district admin's new or changed category. */
export const CategoryInputSchema = Type.Object(
  {
    group: literals(CATEGORY_GROUPS),
    nameZh: Type.String({ minLength: 1, maxLength: 20 }),
    nameEn: Type.String({ minLength: 1, maxLength: 40 }),
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 12 }), { maxItems: 20 }),
    requiredVerification: VerificationLevelSchema,
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CategoryInput = Static<typeof CategoryInputSchema>;

const ListingFields = {
  kind: ListingKindSchema,
  title: Type.String({ minLength: 1, maxLength: TITLE_MAX }),
  description: Type.String({ maxLength: DESCRIPTION_MAX }),
  category: CategoryKeySchema,
  tags: Type.Array(Type.String({ minLength: 1, maxLength: TAG_MAX }), { maxItems: TAGS_MAX }),
  /** Where: the poster's home community (and compound) unless another of their reach is given. */
  divisionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
  compoundId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  availability: Type.Array(AvailabilitySlotSchema, { maxItems: 21 }),
  /** Epoch ms: a need's "by when". */
  deadline: Type.Optional(Type.Union([EpochMs(), Type.Null()])),
  /** Expected length of the help in minutes (points follow the rules per hour). */
  minutes: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1440 }), Type.Null()])),
  /** A price per exchange instead of the rules' rate; null: by the rules. */
  points: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100_000 }), Type.Null()])),
  /** At least the category's default; a poster may ask for more, never less. */
  requiredVerification: Type.Optional(VerificationLevelSchema),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  /** Offers: tell me when a matching need is posted. */
  alerts: Type.Optional(Type.Boolean()),
  /** Days until it expires (default 30). */
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
};

export const CreateListingSchema = Type.Object(
  { direction: DirectionSchema, ...ListingFields },
  { additionalProperties: false },
);
export type CreateListingInput = Static<typeof CreateListingSchema>;

export const UpdateListingSchema = Type.Partial(Type.Object(ListingFields, { additionalProperties: false }));
export type UpdateListingInput = Static<typeof UpdateListingSchema>;

/** What others may see of the poster: nickname, badge, coarse place, aggregate reputation. */
export const PosterSchema = Type.Object({
  id: Type.String(),
  nickname: Type.String(),
  verification: VerificationLevelSchema,
  partyMember: Type.Boolean(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  completed: Type.Integer({ description: 'Exchanges completed as a helper' }),
  rating: Type.Union([Type.Number(), Type.Null()], { description: 'Average rating, when there are reviews' }),
});

export const ListingAbilitiesSchema = Type.Object({
  edit: Type.Boolean(),
  close: Type.Boolean(),
  /** Ask for this offer / offer help for this need. */
  respond: Type.Boolean(),
  /** Why `respond` is false, as an error code (listing_own, verification_required, listing_full, …). */
  respondBlockedBy: Type.Union([Type.String(), Type.Null()]),
});

export const ListingSchema = Type.Object({
  id: Type.String(),
  direction: DirectionSchema,
  kind: ListingKindSchema,
  title: Type.String(),
  description: Type.String(),
  category: CategoryKeySchema,
  tags: Type.Array(Type.String()),
  divisionCode: Type.String(),
  /** Short names of the community and street, for display. */
  place: Type.String(),
  compoundId: Type.Union([Type.String(), Type.Null()]),
  compoundName: Type.Union([Type.String(), Type.Null()]),
  availability: Type.Array(AvailabilitySlotSchema),
  deadline: Type.Union([Type.Integer(), Type.Null()]),
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  points: Type.Union([Type.Integer(), Type.Null()]),
  /** Points this would earn the helper under the district's rules (the price or rate × minutes). */
  pointsEstimate: Type.Union([Type.Integer(), Type.Null()]),
  requiredVerification: VerificationLevelSchema,
  capacity: Type.Integer(),
  openSlots: Type.Integer(),
  alerts: Type.Boolean(),
  status: ListingStatusSchema,
  photos: Type.Array(Type.String({ description: 'URL of a photo' })),
  poster: PosterSchema,
  mine: Type.Boolean(),
  expiresAt: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  abilities: ListingAbilitiesSchema,
});
export type Listing = Static<typeof ListingSchema>;

export const ListingPageSchema = Type.Object({
  items: Type.Array(ListingSchema),
  /** Opaque cursor for the next page, null at the end. */
  next: Type.Union([Type.String(), Type.Null()]),
  total: Type.Optional(Type.Integer()),
});
export type ListingPage = Static<typeof ListingPageSchema>;

/** Search and feed filters. `near` narrows by the division tree around the reader's home. */
export const ListingQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    direction: Type.Optional(DirectionSchema),
    kind: Type.Optional(ListingKindSchema),
    category: Type.Optional(CategoryKeySchema),
    /** Within this division (a district, street or community code). */
    within: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    near: Type.Optional(literals(['compound', 'community', 'street', 'district'] as const)),
    mine: Type.Optional(Type.Boolean()),
    status: Type.Optional(ListingStatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ListingQuery = Static<typeof ListingQuerySchema>;

/** One reason a match was chosen, for display as a chip (同小区 · 评分 4.8 · 水电维修). */
export const MatchReasonSchema = Type.Object({
  code: literals([
    'same_compound',
    'same_community',
    'same_street',
    'same_district',
    'category',
    'related_category',
    'keywords',
    'availability',
    'rating',
    'experienced',
    'new_helper',
    'idle_helper',
    'verified',
  ] as const),
  /** Values for the label: the category key, matched words, the rating, the overlapping slots. */
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
});
export type MatchReason = Static<typeof MatchReasonSchema>;

export const MatchSchema = Type.Object({
  listing: ListingSchema,
  score: Type.Number(),
  /** Each part of the score, so the ranking can be explained and audited. */
  components: Type.Record(Type.String(), Type.Number()),
  reasons: Type.Array(MatchReasonSchema),
});
export type Match = Static<typeof MatchSchema>;

export const MatchListSchema = Type.Object({ items: Type.Array(MatchSchema) });
export type MatchList = Static<typeof MatchListSchema>;
