import { type Static, Type } from 'typebox';

export const ProfilePatchSchema = Type.Object(
  {
    nickname: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    homeDivision: Type.Optional(
      Type.String({ pattern: '^\\d{12}$', description: '12-digit code of the home community or village' }),
    ),
    compoundId: Type.Optional(
      Type.String({ maxLength: 64, description: 'A compound (小区) of the home community' }),
    ),
    buildingId: Type.Optional(Type.String({ maxLength: 64 })),
    unit: Type.Optional(Type.String({ maxLength: 20, description: 'Unit / flat, e.g. 2-301' })),
    skills: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 20 }), {
        maxItems: 20,
        uniqueItems: true,
        description: 'What I can share, e.g. 理发, 修电脑',
      }),
    ),
    availability: Type.Optional(
      Type.Array(
        Type.Object(
          {
            day: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
            part: Type.Union([Type.Literal('morning'), Type.Literal('afternoon'), Type.Literal('evening')]),
          },
          { additionalProperties: false },
        ),
        { maxItems: 21, description: 'When I am usually free' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RealNameBodySchema = Type.Object(
  {
    realName: Type.String({ minLength: 2, maxLength: 30 }),
    residentId: Type.String({ minLength: 15, maxLength: 40 }),
    consentSensitive: Type.Literal(true, {
      description: 'Separate consent to process the ID number (PIPL sensitive personal information)',
    }),
  },
  { additionalProperties: false },
);

export const ConsentSchema = Type.Object({
  purpose: Type.String(),
  version: Type.String(),
  grantedAt: Type.Integer(),
  withdrawnAt: Type.Union([Type.Integer(), Type.Null()]),
});

export const AccessLogSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      field: Type.String(),
      reason: Type.String(),
      viewer: Type.String({ description: 'Who looked: a staff nickname, or the operator' }),
      at: Type.Integer(),
    }),
  ),
});
export type AccessLog = Static<typeof AccessLogSchema>;

export const RevealBodySchema = Type.Object(
  {
    field: Type.Union([Type.Literal('phone'), Type.Literal('resident_id'), Type.Literal('real_name')]),
    reason: Type.String({
      minLength: 4,
      maxLength: 200,
      description: 'Why staff needs the full value; shown to the person',
    }),
  },
  { additionalProperties: false },
);

export const QueueItemSchema = Type.Object({
  id: Type.String(),
  nickname: Type.String(),
  homeDivision: Type.String(),
  verification: Type.String(),
  realNameMasked: Type.Union([Type.String(), Type.Null()]),
  residentIdMasked: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
});
export type QueueItem = Static<typeof QueueItemSchema>;
