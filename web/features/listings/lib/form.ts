import {
  type AvailabilitySlot,
  type CreateListingInput,
  DESCRIPTION_MAX,
  type Listing,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
  type UpdateListingInput,
} from '../../../../common/schemas/listings.js';
import type { Problem } from '../../../../common/schemas/problem.js';

/** The post form as typed: text everywhere, so a mistake stays visible until it is fixed. */
export interface ListingDraft {
  direction: 'offer' | 'need';
  kind: CreateListingInput['kind'];
  category: string;
  title: string;
  description: string;
  tags: string;
  availability: AvailabilitySlot[];
  /** yyyy-mm-dd, China time; needs only. */
  deadline: string;
  minutes: string;
  /** Empty: by the rules. */
  points: string;
  capacity: string;
  alerts: boolean;
}

export type DraftField =
  | 'kind'
  | 'category'
  | 'title'
  | 'description'
  | 'tags'
  | 'availability'
  | 'deadline'
  | 'minutes'
  | 'points'
  | 'capacity'
  | 'photos';

/** Field → the i18n key (namespace `listings`) of what is wrong with it. */
export type FieldErrors = Partial<Record<DraftField, string>>;

export const MINUTES_MAX = 1440;
export const POINTS_MAX = 100_000;
export const CAPACITY_MAX = 100;
export const PHOTOS_MAX = 4;
export const PHOTO_BYTES_MAX = 3 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Full-width digits (１２) become ASCII; nothing else is changed. */
export const normaliseDigits = (text: string): string =>
  text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** A whole number in [min, max] or null; '' is `undefined` (not given). */
export function parseWholeField(text: string, min: number, max: number): number | null | undefined {
  const trimmed = normaliseDigits(text).trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** Tags typed with any of the usual separators (， 、 space), trimmed, without repeats. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\s]+/)
        .map((t) => t.trim().replace(/^#/, ''))
        .filter(Boolean),
    ),
  ];
}

/** Counts what a person sees as characters (an emoji is one), as the server's limits do. */
export const charCount = (text: string): number => [...text].length;

/** yyyy-mm-dd (a day in China) → the last millisecond of that day, epoch ms. */
export function deadlineFromDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CHINA_OFFSET_MS;
  return Number.isNaN(start) ? null : start + 86_400_000 - 1;
}

/** Epoch ms → yyyy-mm-dd of that moment in China. */
export function dateFromEpoch(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Checks a draft against the contract's limits (so the person sees the problem beside the field
 * before sending) and, when it is fine, gives the body to send. `now` is for the deadline check.
 */
export function validateDraft(
  draft: ListingDraft,
  now: number,
): { errors: FieldErrors; input: CreateListingInput | null } {
  const errors: FieldErrors = {};
  const title = draft.title.trim();
  const description = draft.description.trim();
  if (!draft.category) errors.category = 'invalid.category';
  if (title === '') errors.title = 'invalid.title_empty';
  else if (charCount(title) > TITLE_MAX) errors.title = 'invalid.title_long';
  if (charCount(description) > DESCRIPTION_MAX) errors.description = 'invalid.description_long';
  const tags = parseTags(draft.tags);
  if (tags.length > TAGS_MAX) errors.tags = 'invalid.tags_many';
  else if (tags.some((t) => charCount(t) > TAG_MAX)) errors.tags = 'invalid.tag_long';
  const minutes = parseWholeField(draft.minutes, 1, MINUTES_MAX);
  if (minutes === null) errors.minutes = 'invalid.minutes';
  const points = parseWholeField(draft.points, 0, POINTS_MAX);
  if (points === null) errors.points = 'invalid.points';
  const capacity = parseWholeField(draft.capacity, 1, CAPACITY_MAX);
  if (draft.direction === 'offer' && capacity === null) errors.capacity = 'invalid.capacity';
  let deadline: number | null = null;
  if (draft.direction === 'need' && draft.deadline) {
    deadline = deadlineFromDate(draft.deadline);
    if (deadline === null) errors.deadline = 'invalid.deadline';
    else if (deadline < now) errors.deadline = 'invalid.deadline_past';
  }
  if (Object.keys(errors).length > 0) return { errors, input: null };
  const input: CreateListingInput = {
    direction: draft.direction,
    kind: draft.kind,
    category: draft.category,
    title,
    description,
    tags,
    availability: draft.availability,
  };
  // Optional numbers are left out when not given (rather than sent as null): the server coerces
  // types, and a null meant as "by the rules" must not arrive as 0.
  if (minutes !== undefined) input.minutes = minutes;
  if (points !== undefined) input.points = points;
  if (draft.direction === 'need') {
    if (deadline !== null) input.deadline = deadline;
  } else {
    input.capacity = capacity ?? 1;
    input.alerts = draft.alerts;
  }
  return { errors, input };
}

const FIELDS: readonly DraftField[] = [
  'kind',
  'category',
  'title',
  'description',
  'tags',
  'availability',
  'deadline',
  'minutes',
  'points',
  'capacity',
];

/**
 * What the server refused, put beside the fields it names: `validation_failed` carries paths like
 * `body.title` or `body.tags.2`; some codes are about one field by nature. Anything else is left
 * for the form's general message (returns an empty object).
 */
export function fieldErrorsFromProblem(code: string, problem?: Problem): FieldErrors {
  if (code === 'category_unknown') return { category: 'invalid.category_unknown' };
  if (code === 'listing_photo_invalid' || code === 'unsupported_media_type' || code === 'payload_too_large')
    return { photos: 'invalid.photo' };
  if (code !== 'validation_failed') return {};
  const errors: FieldErrors = {};
  // A rule the service checks itself names one field in `details` (e.g. a deadline already past).
  const named = problem?.details?.field;
  if (typeof named === 'string' && FIELDS.includes(named as DraftField))
    errors[named as DraftField] = named === 'deadline' ? 'invalid.deadline_past' : `server.${named}`;
  for (const e of problem?.errors ?? []) {
    const field = e.path.split('.')[1] as DraftField | undefined;
    if (field && FIELDS.includes(field) && !errors[field]) errors[field] = `server.${field}`;
  }
  return errors;
}

/** The rules' default for a category, as the points field's placeholder: a price, or rate × time. */
export function defaultPoints(
  rules: {
    pointsPerHour: number;
    categories: Record<string, { pointsPerHour?: number; pricePerItem?: number }>;
  },
  category: string,
  minutes: number | null | undefined,
): number | null {
  const own = rules.categories[category];
  if (own?.pricePerItem !== undefined) return own.pricePerItem;
  if (!minutes) return null;
  return Math.round(((own?.pointsPerHour ?? rules.pointsPerHour) * minutes) / 60);
}

/**
 * For an edit, only what changed (so untouched fields are not rewritten); a field emptied by the
 * person becomes null ("by the rules", "no deadline").
 */
export function changedFields(
  input: CreateListingInput,
  before: Pick<
    Listing,
    | 'kind'
    | 'category'
    | 'title'
    | 'description'
    | 'tags'
    | 'availability'
    | 'deadline'
    | 'minutes'
    | 'points'
    | 'capacity'
    | 'alerts'
    | 'direction'
  >,
): UpdateListingInput {
  const after: Record<string, unknown> = {
    kind: input.kind,
    category: input.category,
    title: input.title,
    description: input.description,
    tags: input.tags,
    availability: input.availability,
    minutes: input.minutes ?? null,
    points: input.points ?? null,
    ...(before.direction === 'need'
      ? { deadline: input.deadline ?? null }
      : { capacity: input.capacity, alerts: input.alerts }),
  };
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify((before as Record<string, unknown>)[key]))
      changes[key] = value;
  }
  return changes as UpdateListingInput;
}
