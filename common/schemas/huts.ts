import { type Static, Type } from 'typebox';

/**
 * Sharing huts (共享小屋) and lending: the contract between the server's `huts` module and the web
 * app. Dates people see (due dates, pickup days, closures) are hut-local calendar dates
 * (YYYY-MM-DD, China time); instants are epoch milliseconds. Fields may be added; none is renamed.
 */

export const UNIT_STATUSES = [
  'available',
  'on_hold',
  'on_loan',
  'sanitising',
  'maintenance',
  'retired',
] as const;
export const CONDITIONS = ['new', 'good', 'fair', 'worn', 'damaged'] as const;
export const HOLD_STATUSES = ['waiting', 'ready', 'fulfilled', 'cancelled', 'expired'] as const;
export const LOAN_STATUSES = [
  'requested',
  'accepted',
  'active',
  'returned',
  'declined',
  'cancelled',
  'lost',
] as const;
export const MEMBER_KINDS = ['phone', 'real_name', 'in_person'] as const;
export const HUT_TITLE_MAX = 60;
export const HUT_DESCRIPTION_MAX = 2000;
/** Longest a neighbour loan may run, from the request. */
export const NEIGHBOUR_LOAN_MAX_DAYS = 60;

// Type.Enum keeps the literal types (a Union over values.map() would widen them to never).
const literals = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Enum(values, description ? { description } : {});

export const UnitStatusSchema = literals(UNIT_STATUSES);
export const ConditionSchema = literals(CONDITIONS);
export const HoldStatusSchema = literals(HOLD_STATUSES);
export const LoanStatusSchema = literals(LOAN_STATUSES);
export const MemberKindSchema = literals(
  MEMBER_KINDS,
  "The member's verification level, which lending policies may distinguish",
);
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, hut-local' });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const CommunityCode = Type.String({ pattern: '^\\d{12}$' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Reason = Type.String({ minLength: 1, maxLength: 200 });

/** Opening hours by ISO weekday ("1" = Monday … "7" = Sunday); a day without periods is closed. */
export const HoursSchema = Type.Record(
  Type.String({ pattern: '^[1-7]$' }),
  Type.Array(Type.Tuple([Time, Time]), { maxItems: 4 }),
);
export type Hours = Static<typeof HoursSchema>;

export const HutInputSchema = Type.Object(
  {
    communityCode: CommunityCode,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    address: Type.String({ minLength: 1, maxLength: 200 }),
    hours: HoursSchema,
  },
  { additionalProperties: false },
);
export type HutInput = Static<typeof HutInputSchema>;

export const ClosureSchema = Type.Object({ date: DateText, reason: Type.String() });
export type Closure = Static<typeof ClosureSchema>;
export const ClosureInputSchema = Type.Object(
  { date: DateText, reason: Reason },
  { additionalProperties: false },
);

export const HutSchema = Type.Object({
  id: Type.String(),
  communityCode: Type.String(),
  communityName: Type.String(),
  name: Type.String(),
  address: Type.String(),
  hours: HoursSchema,
  /** Closures from today on. */
  closures: Type.Array(ClosureSchema),
  openToday: Type.Boolean(),
  itemCount: Type.Integer(),
  abilities: Type.Object({ keep: Type.Boolean() }),
});
export type Hut = Static<typeof HutSchema>;
export const HutListSchema = Type.Object({ items: Type.Array(HutSchema) });
export type HutList = Static<typeof HutListSchema>;

export const ItemInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: HUT_TITLE_MAX }),
    description: Type.Optional(Type.String({ maxLength: HUT_DESCRIPTION_MAX })),
    category: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }),
    condition: ConditionSchema,
    accessories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    sanitiseAfterReturn: Type.Optional(
      Type.Boolean({ description: 'Medical devices: sanitised after each return' }),
    ),
    safetyCheck: Type.Optional(Type.Boolean({ description: 'Power tools: checked after each return' })),
    depositPoints: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100_000 }), Type.Null()])),
    loanDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()])),
    /** Hut-owned and donated: the donor's account (thanked by nickname). */
    donorId: Type.Optional(Type.Union([Id, Type.Null()])),
    donorNote: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    /** Labelled copies to create (hut-owned, not pooled). */
    units: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
    /** Pooled stock: a count instead of labelled copies. */
    pooled: Type.Optional(Type.Boolean()),
    consumable: Type.Optional(Type.Boolean({ description: 'Given away, not lent back (pooled only)' })),
    stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type ItemInput = Static<typeof ItemInputSchema>;

export const UnitSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  status: UnitStatusSchema,
  condition: ConditionSchema,
  note: Type.Union([Type.String(), Type.Null()]),
});
export type Unit = Static<typeof UnitSchema>;

export const ItemSchema = Type.Object({
  id: Type.String(),
  hutId: Type.String(),
  communityCode: Type.String(),
  ownerKind: Type.Union([Type.Literal('hut'), Type.Literal('resident')]),
  ownerNickname: Type.Union([Type.String(), Type.Null()]),
  donorNickname: Type.Union([Type.String(), Type.Null()]),
  donorNote: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  condition: ConditionSchema,
  accessories: Type.Array(Type.String()),
  sanitiseAfterReturn: Type.Boolean(),
  safetyCheck: Type.Boolean(),
  depositPoints: Type.Union([Type.Integer(), Type.Null()]),
  loanDays: Type.Union([Type.Integer(), Type.Null()]),
  pooled: Type.Boolean(),
  consumable: Type.Boolean(),
  stockTotal: Type.Integer(),
  stockAvailable: Type.Integer(),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  /** Copies that can be lent right now (units available, or pooled stock). */
  available: Type.Integer(),
  units: Type.Array(UnitSchema),
  waiting: Type.Integer({ description: 'Members in the hold queue' }),
  loanCount: Type.Integer(),
  photos: Type.Array(Type.Object({ id: Type.String(), url: Type.String(), thumbUrl: Type.String() })),
  abilities: Type.Object({ keep: Type.Boolean(), hold: Type.Boolean(), request: Type.Boolean() }),
});
export type Item = Static<typeof ItemSchema>;

export const ItemSummarySchema = Type.Object({
  id: Type.String(),
  hutId: Type.String(),
  title: Type.String(),
  category: Type.String(),
  ownerKind: Type.Union([Type.Literal('hut'), Type.Literal('resident')]),
  available: Type.Integer(),
  total: Type.Integer(),
  thumbUrl: Type.Union([Type.String(), Type.Null()]),
  /** What a catalogue card shows besides, so it never has to read the item itself. */
  condition: ConditionSchema,
  sanitiseAfterReturn: Type.Boolean(),
  safetyCheck: Type.Boolean(),
  depositPoints: Type.Union([Type.Integer(), Type.Null()]),
  consumable: Type.Boolean(),
  waiting: Type.Integer({ description: 'Members in the hold queue' }),
});
export type ItemSummary = Static<typeof ItemSummarySchema>;
export const ItemPageSchema = Type.Object({
  items: Type.Array(ItemSummarySchema),
  cursor: Type.Union([Type.String(), Type.Null()]),
});
export type ItemPage = Static<typeof ItemPageSchema>;

export const ItemQuerySchema = Type.Object(
  {
    hut: Type.Optional(Id),
    community: Type.Optional(CommunityCode),
    q: Type.Optional(Type.String({ maxLength: 60 })),
    category: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{1,40}$' })),
    available: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ItemQuery = Static<typeof ItemQuerySchema>;

export const HoldSchema = Type.Object({
  id: Type.String(),
  itemId: Type.String(),
  itemTitle: Type.String(),
  hutId: Type.String(),
  status: HoldStatusSchema,
  /** 1-based place among waiting holds; 0 once ready or closed. */
  place: Type.Integer(),
  unitLabel: Type.Union([Type.String(), Type.Null()]),
  pickupBy: Type.Union([DateText, Type.Null()]),
  reorderReason: Type.Union([Type.String(), Type.Null()]),
  approved: Type.Boolean({ description: 'False while a hold waits for staff approval (policy)' }),
  createdAt: Type.Integer(),
});
export type Hold = Static<typeof HoldSchema>;
export const HoldListSchema = Type.Object({ items: Type.Array(HoldSchema) });

export const QueueEntrySchema = Type.Object({
  holdId: Type.String(),
  memberNickname: Type.String(),
  status: HoldStatusSchema,
  place: Type.Integer(),
  reorderReason: Type.Union([Type.String(), Type.Null()]),
  approved: Type.Boolean(),
  createdAt: Type.Integer(),
});
export const QueueSchema = Type.Object({ items: Type.Array(QueueEntrySchema) });
export const ReorderSchema = Type.Object(
  { place: Type.Integer({ minimum: 1, maximum: 10_000 }), reason: Reason },
  { additionalProperties: false },
);

export const LoanSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('desk'), Type.Literal('neighbour')]),
  status: LoanStatusSchema,
  itemId: Type.String(),
  itemTitle: Type.String(),
  hutId: Type.String(),
  unitLabel: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Integer(),
  borrowerNickname: Type.String(),
  lenderNickname: Type.Union([Type.String(), Type.Null()]),
  dueDate: Type.Union([DateText, Type.Null()]),
  returnBy: Type.Union([Type.Integer(), Type.Null()]),
  renewals: Type.Integer(),
  overdue: Type.Boolean(),
  checkoutCondition: Type.Union([ConditionSchema, Type.Null()]),
  returnCondition: Type.Union([ConditionSchema, Type.Null()]),
  confirmations: Type.Object({
    lenderOut: Type.Boolean(),
    borrowerOut: Type.Boolean(),
    lenderBack: Type.Boolean(),
    borrowerBack: Type.Boolean(),
  }),
  depositPoints: Type.Integer(),
  depositStatus: Type.Union([
    Type.Literal('none'),
    Type.Literal('held'),
    Type.Literal('released'),
    Type.Literal('forfeited'),
  ]),
  damage: Type.Union([
    Type.Literal('none'),
    Type.Literal('damaged'),
    Type.Literal('lost'),
    Type.Literal('settled'),
  ]),
  checkedOutAt: Type.Union([Type.Integer(), Type.Null()]),
  returnedAt: Type.Union([Type.Integer(), Type.Null()]),
  /** Condition photos at the handover (out) and the return (back). */
  photos: Type.Array(
    Type.Object({
      id: Type.String(),
      stage: Type.Union([Type.Literal('out'), Type.Literal('back')]),
      url: Type.String(),
      thumbUrl: Type.String(),
    }),
  ),
  createdAt: Type.Integer(),
});
export type Loan = Static<typeof LoanSchema>;
export const LoanListSchema = Type.Object({ items: Type.Array(LoanSchema) });

/** What the desk sees after scanning a member's code: nickname only, their loans and ready holds here. */
export const DeskMemberSchema = Type.Object({
  nickname: Type.String(),
  memberKind: MemberKindSchema,
  loans: Type.Array(LoanSchema),
  readyHolds: Type.Array(HoldSchema),
  openLoans: Type.Integer({ description: 'Open loans at every hut (limits count them all)' }),
});
export type DeskMember = Static<typeof DeskMemberSchema>;

/** What the desk sees after scanning a label: the copy, its item, and who has or awaits it. */
export const DeskUnitSchema = Type.Object({
  itemId: Type.String(),
  itemTitle: Type.String(),
  unit: UnitSchema,
  sanitiseAfterReturn: Type.Boolean(),
  safetyCheck: Type.Boolean(),
  loan: Type.Union([LoanSchema, Type.Null()]),
  readyHold: Type.Union([
    Type.Object({
      holdId: Type.String(),
      memberNickname: Type.String(),
      pickupBy: Type.Union([DateText, Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type DeskUnit = Static<typeof DeskUnitSchema>;

export const CheckoutSchema = Type.Object(
  {
    /** The member code scanned from the resident's QR card. */
    memberCode: Type.String({ minLength: 4, maxLength: 40 }),
    /** A unit's label; or, for pooled stock, the item id with `quantity`. */
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    itemId: Type.Optional(Id),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    condition: Type.Optional(ConditionSchema),
  },
  { additionalProperties: false },
);
export type CheckoutInput = Static<typeof CheckoutSchema>;

export const ReturnSchema = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    loanId: Type.Optional(Id),
    condition: ConditionSchema,
    note: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type ReturnInput = Static<typeof ReturnSchema>;

export const ReturnResultSchema = Type.Object({
  loan: LoanSchema,
  unitStatus: Type.Union([UnitStatusSchema, Type.Null()]),
  /** Set when the returned copy went straight to the next member in the queue. */
  readyForHold: Type.Union([Type.String(), Type.Null()]),
});
export type ReturnResult = Static<typeof ReturnResultSchema>;

export const UnitDoneSchema = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 300 })), condition: Type.Optional(ConditionSchema) },
  { additionalProperties: false },
);

export const NeighbourRequestSchema = Type.Object(
  {
    /** When the item goes back to its owner, fixed now (epoch ms). */
    returnBy: Type.Integer({ minimum: 0 }),
    pickupAt: Type.Optional(Type.Integer({ minimum: 0 })),
    note: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type NeighbourRequest = Static<typeof NeighbourRequestSchema>;
export const ConfirmConditionSchema = Type.Object(
  { condition: ConditionSchema, note: Type.Optional(Type.String({ maxLength: 300 })) },
  { additionalProperties: false },
);
export const DamageReportSchema = Type.Object(
  { kind: Type.Union([Type.Literal('damaged'), Type.Literal('lost')]), note: Reason },
  { additionalProperties: false },
);
export const SettleSchema = Type.Object(
  {
    /** Keep the deposit (forfeit) or give it back. */
    forfeitDeposit: Type.Boolean(),
    note: Reason,
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object({
  loanDays: Type.Integer({ minimum: 1, maximum: 365 }),
  maxRenewals: Type.Integer({ minimum: 0, maximum: 20 }),
  maxLoans: Type.Integer({ minimum: 0, maximum: 100 }),
  maxHolds: Type.Integer({ minimum: 0, maximum: 100 }),
  pickupDays: Type.Integer({ minimum: 1, maximum: 30 }),
  depositPoints: Type.Integer({ minimum: 0, maximum: 100_000 }),
  needsApproval: Type.Boolean(),
});
export type Policy = Static<typeof PolicySchema>;
export const PolicyRuleInputSchema = Type.Object(
  {
    districtCode: Type.String({ pattern: '^\\d{6}(\\d{6})?$' }),
    hutId: Type.Optional(Type.Union([Id, Type.Null()])),
    memberKind: Type.Optional(Type.Union([MemberKindSchema, Type.Null()])),
    category: Type.Optional(Type.Union([Type.String({ pattern: '^[a-z0-9_]{1,40}$' }), Type.Null()])),
    policy: PolicySchema,
  },
  { additionalProperties: false },
);
export type PolicyRuleInput = Static<typeof PolicyRuleInputSchema>;
export const ResolvedPolicySchema = Type.Object({
  policy: PolicySchema,
  /** Which rule answered: its scope, or "default" for the built-in one. */
  source: Type.String(),
});

export const ItemEventSchema = Type.Object({
  kind: Type.String(),
  unitLabel: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  logIndex: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.Integer(),
});
export const ItemHistorySchema = Type.Object({ items: Type.Array(ItemEventSchema) });

export const MemberCodeSchema = Type.Object({
  code: Type.String(),
  /** The QR code of `code` as an SVG image. */
  svg: Type.String(),
});

export const UtilisationRowSchema = Type.Object({
  itemId: Type.String(),
  title: Type.String(),
  category: Type.String(),
  copies: Type.Integer(),
  loans: Type.Integer(),
  daysOnLoan: Type.Integer(),
  /** Share of copy-days on loan in the period, 0..1. */
  utilisation: Type.Number(),
  lastLoanAt: Type.Union([Type.Integer(), Type.Null()]),
});
export const UtilisationReportSchema = Type.Object({
  hutId: Type.String(),
  from: DateText,
  to: DateText,
  items: Type.Array(UtilisationRowSchema),
});
export type UtilisationReport = Static<typeof UtilisationReportSchema>;
export const OverdueRowSchema = Type.Object({
  loanId: Type.String(),
  itemTitle: Type.String(),
  unitLabel: Type.Union([Type.String(), Type.Null()]),
  borrowerNickname: Type.String(),
  dueDate: DateText,
  daysOverdue: Type.Integer(),
});
export const OverdueReportSchema = Type.Object({ items: Type.Array(OverdueRowSchema) });
export const ReportQuerySchema = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('utilisation'),
      Type.Literal('most_borrowed'),
      Type.Literal('never_borrowed'),
    ]),
    from: Type.Optional(DateText),
    to: Type.Optional(DateText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  },
  { additionalProperties: false },
);
