import { type Static, Type } from 'typebox';
import { PosterSchema } from './listings.js';
import { EpochMs } from './time.js';

/**
 * One act of help: proposed → accepted → scheduled → done (provider) → confirmed (recipient, actual
 * minutes) → paid (love bank) → reviewed; declined / cancelled / no_show / disputed → resolved.
 * The contract between the server's `exchanges` module and the web app.
 */

export const EXCHANGE_STATUSES = [
  'proposed',
  'accepted',
  'scheduled',
  'done',
  'confirmed',
  'paid',
  'declined',
  'cancelled',
  'no_show',
  'disputed',
  'resolved',
] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

// Spelled out (not mapped from the list) so that its static type is the union of the statuses.
export const ExchangeStatusSchema = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('accepted'),
  Type.Literal('scheduled'),
  Type.Literal('done'),
  Type.Literal('confirmed'),
  Type.Literal('paid'),
  Type.Literal('declined'),
  Type.Literal('cancelled'),
  Type.Literal('no_show'),
  Type.Literal('disputed'),
  Type.Literal('resolved'),
]);

/** Answer a listing: ask for an offer's help, or offer to help with a need. */
export const CreateExchangeSchema = Type.Object(
  {
    listingId: Type.String({ maxLength: 64 }),
    /** My own listing that fits (my offer for their need, my need for their offer), if any. */
    counterListingId: Type.Optional(Type.String({ maxLength: 64 })),
    message: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CreateExchangeInput = Static<typeof CreateExchangeSchema>;

export const ScheduleExchangeSchema = Type.Object(
  {
    scheduledAt: EpochMs(),
    place: Type.String({ minLength: 1, maxLength: 100 }),
    plannedMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  },
  { additionalProperties: false },
);

export const ConfirmExchangeSchema = Type.Object(
  {
    actualMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** A device signature over the confirmation statement, when the person has a device key. */
    signature: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ReasonSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const ResolveDisputeSchema = Type.Object(
  {
    /**
     * pay: settle with these minutes under the rules; pay_by_community: the community issues the
     * points (when the person helped cannot pay); no_pay: close without points.
     */
    outcome: Type.Union([Type.Literal('pay'), Type.Literal('pay_by_community'), Type.Literal('no_pay')]),
    minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const MessageInputSchema = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const ExchangeMessageSchema = Type.Object({
  id: Type.String(),
  senderId: Type.String(),
  mine: Type.Boolean(),
  body: Type.String(),
  createdAt: Type.Integer(),
});
export type ExchangeMessage = Static<typeof ExchangeMessageSchema>;

export const ExchangeEventSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'proposed, accepted, scheduled, done, confirmed, paid, cancelled, …' }),
  status: ExchangeStatusSchema,
  actorId: Type.Union([Type.String(), Type.Null()]),
  /** A worker did this for a managed resident (代办). */
  actedByWorker: Type.Boolean(),
  data: Type.Record(Type.String(), Type.Unknown()),
  /** Trust-log index of this step, for its receipt. */
  logIndex: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
});
export type ExchangeEvent = Static<typeof ExchangeEventSchema>;

export const ExchangeAbilitiesSchema = Type.Object({
  accept: Type.Boolean(),
  decline: Type.Boolean(),
  schedule: Type.Boolean(),
  markDone: Type.Boolean(),
  confirm: Type.Boolean(),
  cancel: Type.Boolean(),
  reportNoShow: Type.Boolean(),
  dispute: Type.Boolean(),
  resolve: Type.Boolean(),
  message: Type.Boolean(),
  review: Type.Boolean(),
});

export const ExchangeSchema = Type.Object({
  id: Type.String(),
  listingId: Type.String(),
  listingTitle: Type.String(),
  listingDirection: Type.Union([Type.Literal('offer'), Type.Literal('need')]),
  counterListingId: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  status: ExchangeStatusSchema,
  /** My part in it. */
  role: Type.Union([Type.Literal('provider'), Type.Literal('recipient'), Type.Literal('staff')]),
  provider: PosterSchema,
  recipient: PosterSchema,
  /** The other side's phone, masked until the exchange is accepted, then in full to the two of them. */
  counterpartPhone: Type.Union([Type.String(), Type.Null()]),
  scheduledAt: Type.Union([Type.Integer(), Type.Null()]),
  place: Type.Union([Type.String(), Type.Null()]),
  plannedMinutes: Type.Union([Type.Integer(), Type.Null()]),
  actualMinutes: Type.Union([Type.Integer(), Type.Null()]),
  /** Points paid (or, before payment, the estimate under the rules). */
  points: Type.Union([Type.Integer(), Type.Null()]),
  pointsEstimate: Type.Union([Type.Integer(), Type.Null()]),
  transferId: Type.Union([Type.String(), Type.Null()]),
  disputeReason: Type.Union([Type.String(), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  abilities: ExchangeAbilitiesSchema,
});
export type Exchange = Static<typeof ExchangeSchema>;

export const ExchangeDetailSchema = Type.Intersect([
  ExchangeSchema,
  Type.Object({ timeline: Type.Array(ExchangeEventSchema), messages: Type.Array(ExchangeMessageSchema) }),
]);
export type ExchangeDetail = Static<typeof ExchangeDetailSchema>;

export const ExchangeListSchema = Type.Object({
  items: Type.Array(ExchangeSchema),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const ExchangeListQuerySchema = Type.Object(
  {
    /** active: not finished; done: paid/resolved; all. */
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('finished'), Type.Literal('all')])),
    role: Type.Optional(Type.Union([Type.Literal('provider'), Type.Literal('recipient')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** The trust-log kind of a confirmation; a device-signed one carries the statement below. */
export const EXCHANGE_CONFIRM_KIND = 'exchange.confirmed';

/**
 * What the recipient's device signs when confirming (optional `signature` of ConfirmExchange):
 * the Ed25519 signature, base64, of `statementMessage(EXCHANGE_CONFIRM_KIND, canonicalJson(this))`
 * (common/tlog/statement.ts, RFC 8785 JSON).
 */
export function exchangeConfirmStatement(exchangeId: string, actualMinutes: number) {
  return { exchange: exchangeId, actualMinutes };
}
