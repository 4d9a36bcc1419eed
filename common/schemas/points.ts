import { type Static, Type } from 'typebox';

/** The largest amount one transfer may move; anything above is a typo, not a gift. */
export const MAX_TRANSFER_POINTS = 1_000_000;

const PayerSchema = Type.Union([Type.Literal('recipient'), Type.Literal('community')], {
  description:
    'recipient: the person helped pays (time-bank style); community: issued as public-benefit help',
});

/** A district's rules for earning and spending love points; every change is a new version. */
export const PointsRulesSchema = Type.Object(
  {
    pointsPerHour: Type.Integer({ minimum: 0, maximum: 1000, description: 'Points for one hour of help' }),
    defaultPayer: PayerSchema,
    categories: Type.Record(
      Type.String({ pattern: '^[a-z0-9_]{1,40}$' }),
      Type.Object(
        {
          payer: PayerSchema,
          pointsPerHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          pricePerItem: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
        },
        { additionalProperties: false },
      ),
      { description: 'Per category or programme: who pays, and its own rate or price per item' },
    ),
    eventVolunteerPointsPerHour: Type.Integer({ minimum: 0, maximum: 1000 }),
    storageCap: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_TRANSFER_POINTS }), Type.Null()], {
      description: 'Most points one resident may hold; null for no cap',
    }),
    aboveCap: Type.Union([Type.Literal('refuse'), Type.Literal('to_pool')], {
      description: 'refuse: earning stops at the cap; to_pool: the excess goes to the community pool',
    }),
    expiryMonths: Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()], {
      description: 'Points expire this many months after they were earned, oldest first; null: never',
    }),
    creditLimit: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description: 'How far below zero a resident may go, unless their account has its own limit',
    }),
    giftMonthlyCap: Type.Integer({ minimum: 0, maximum: MAX_TRANSFER_POINTS }),
    adjustmentApprovalThreshold: Type.Integer({
      minimum: 0,
      maximum: MAX_TRANSFER_POINTS,
      description: 'Adjustments larger than this need a second admin',
    }),
  },
  { additionalProperties: false },
);
export type PointsRules = Static<typeof PointsRulesSchema>;

export const DEFAULT_POINTS_RULES: PointsRules = Object.freeze({
  pointsPerHour: 10,
  defaultPayer: 'recipient',
  // Public-benefit help (care of the elderly, health, children after school) is issued by the
  // community, so a resident with no points yet can still be helped; the rest is time-bank style.
  categories: {
    elderly_care: { payer: 'community' },
    elderly_companion: { payer: 'community' },
    medical_escort: { payer: 'community' },
    health_check: { payer: 'community' },
    mental_support: { payer: 'community' },
    child_care: { payer: 'community' },
  },
  eventVolunteerPointsPerHour: 10,
  storageCap: 1500,
  aboveCap: 'to_pool',
  expiryMonths: null,
  creditLimit: 0,
  giftMonthlyCap: 200,
  adjustmentApprovalThreshold: 100,
}) as PointsRules;

export const RulesVersionSchema = Type.Object({
  districtCode: Type.String(),
  version: Type.Integer({ description: '0 for the built-in defaults' }),
  rules: PointsRulesSchema,
  createdAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type RulesVersion = Static<typeof RulesVersionSchema>;

export const TRANSFER_TYPES = [
  'earn',
  'gift',
  'donation',
  'grant',
  'adjustment',
  'reversal',
  'expiry',
  'overflow',
  'deposit',
  'deposit_release',
  'deposit_forfeit',
] as const;
export type TransferType = (typeof TRANSFER_TYPES)[number];

export const BalanceSchema = Type.Object({
  accountId: Type.String({ description: 'The account holder (the same id other endpoints take)' }),
  balance: Type.Integer(),
  creditLimit: Type.Integer(),
  /** What can be spent now: balance plus credit. */
  available: Type.Integer(),
  given: Type.Integer({ description: 'Points given in help and gifts, all time' }),
  received: Type.Integer({ description: 'Points received, all time' }),
  giftedThisMonth: Type.Integer(),
  flagged: Type.Boolean(),
  districtCode: Type.String(),
});
export type Balance = Static<typeof BalanceSchema>;

export const StatementLineSchema = Type.Object({
  transferId: Type.String(),
  seq: Type.Integer(),
  type: Type.String(),
  amount: Type.Integer(),
  balanceAfter: Type.Integer(),
  counterparty: Type.String({ description: 'Who was on the other side, in words' }),
  memo: Type.Union([Type.String(), Type.Null()]),
  logIndex: Type.Integer({ description: 'The trust-log entry; its receipt is /api/log/receipt/{logIndex}' }),
  reversed: Type.Boolean(),
  createdAt: Type.Integer(),
});
export type StatementLine = Static<typeof StatementLineSchema>;

export const StatementSchema = Type.Object({
  items: Type.Array(StatementLineSchema),
  nextCursor: Type.Union([Type.Integer(), Type.Null()]),
});

export const MonthlyStatementSchema = Type.Object({
  month: Type.String(),
  opening: Type.Integer(),
  closing: Type.Integer(),
  received: Type.Integer(),
  given: Type.Integer(),
  lines: Type.Array(StatementLineSchema),
});
export type MonthlyStatement = Static<typeof MonthlyStatementSchema>;

export const TransferResultSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  amount: Type.Integer(),
  logIndex: Type.Integer(),
  createdAt: Type.Integer(),
  /** True when this answer is the stored result of an earlier request with the same key. */
  replayed: Type.Boolean(),
});
export type TransferResult = Static<typeof TransferResultSchema>;

const IdempotencyKey = Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });
/** Amounts arrive as plain numbers so a fraction or a negative gets our own clear message. */
const Amount = Type.Number({ description: 'Whole points, at least 1' });

export const GiftRequestSchema = Type.Object(
  { familyLinkId: Type.String({ maxLength: 64 }), amount: Amount, idempotencyKey: IdempotencyKey },
  { additionalProperties: false },
);
export const DonationRequestSchema = Type.Object(
  {
    communityCode: Type.Optional(
      Type.String({ pattern: '^\\d{12}$', description: 'Defaults to my community' }),
    ),
    amount: Amount,
    idempotencyKey: IdempotencyKey,
  },
  { additionalProperties: false },
);
export const GrantRequestSchema = Type.Object(
  {
    accountId: Type.String({ maxLength: 64 }),
    amount: Amount,
    reason: Type.String({ minLength: 2, maxLength: 200 }),
    idempotencyKey: IdempotencyKey,
  },
  { additionalProperties: false },
);
export const AdjustmentRequestSchema = Type.Object(
  {
    accountId: Type.String({ maxLength: 64 }),
    amount: Type.Number({ description: 'Whole points; negative takes points away' }),
    reason: Type.String({ minLength: 2, maxLength: 200 }),
    override: Type.Optional(Type.Boolean({ description: 'Allow the account past its limit (flags it)' })),
    idempotencyKey: IdempotencyKey,
  },
  { additionalProperties: false },
);
export const ReversalRequestSchema = Type.Object(
  {
    reason: Type.String({ minLength: 2, maxLength: 200 }),
    override: Type.Optional(Type.Boolean()),
    idempotencyKey: IdempotencyKey,
  },
  { additionalProperties: false },
);

export const AdjustmentSchema = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  accountLabel: Type.String(),
  amount: Type.Integer(),
  reason: Type.String(),
  override: Type.Boolean(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('executed'), Type.Literal('rejected')]),
  requestedBy: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  transferId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
});
export type Adjustment = Static<typeof AdjustmentSchema>;

export const BudgetSchema = Type.Object({
  communityCode: Type.String(),
  communityName: Type.String(),
  budget: Type.Integer(),
  issued: Type.Integer({ description: 'Points this community has put into circulation' }),
  remaining: Type.Integer(),
  pool: Type.Integer({ description: 'Points in the community pool' }),
});
export type Budget = Static<typeof BudgetSchema>;

export const PriorityResidentSchema = Type.Object({
  accountId: Type.String(),
  nickname: Type.String(),
  priority: Type.String(),
  balance: Type.Integer(),
});
export type PriorityResident = Static<typeof PriorityResidentSchema>;
