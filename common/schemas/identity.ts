import { type Static, Type } from 'typebox';

export const PhoneBodySchema = Type.Object(
  {
    phone: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'Mainland mobile number; +86, spaces and full-width digits accepted',
    }),
  },
  { additionalProperties: false },
);
export const SignInBodySchema = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 32 }),
    code: Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code from the SMS' }),
  },
  { additionalProperties: false },
);
export const CodeSentSchema = Type.Object({ expiresInS: Type.Integer(), resendAfterS: Type.Integer() });

export const MeSchema = Type.Object({
  id: Type.String(),
  nickname: Type.String(),
  /** My profile picture, or null. */
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  verification: Type.Union([Type.Literal('phone'), Type.Literal('real_name'), Type.Literal('in_person')]),
  homeDivision: Type.Union([Type.String(), Type.Null()]),
  partyMember: Type.Boolean(),
  compoundId: Type.Union([Type.String(), Type.Null()]),
  buildingId: Type.Union([Type.String(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  skills: Type.Array(Type.String()),
  availability: Type.Array(Type.Object({ day: Type.Integer(), part: Type.String() })),
  roles: Type.Array(Type.Object({ role: Type.String(), divisionCode: Type.String() })),
  createdAt: Type.Integer(),
});
export type Me = Static<typeof MeSchema>;

export const SessionSchema = Type.Union([
  Type.Object({ signedIn: Type.Literal(false) }),
  Type.Object({ signedIn: Type.Literal(true), csrfToken: Type.String(), account: MeSchema }),
]);
export type SessionView = Static<typeof SessionSchema>;

export const DeviceKeySchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  publicKey: Type.String({ description: 'base64 raw Ed25519 public key' }),
  createdAt: Type.Integer(),
});
export type DeviceKey = Static<typeof DeviceKeySchema>;

export const RegisterDeviceKeySchema = Type.Object(
  {
    publicKey: Type.String({
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description: 'base64 raw Ed25519 public key (32 bytes)',
    }),
    label: Type.String({ minLength: 1, maxLength: 60 }),
  },
  { additionalProperties: false },
);

export const GrantViewSchema = Type.Object({
  id: Type.String(),
  role: Type.String(),
  divisionCode: Type.String(),
  nickname: Type.String(),
  createdAt: Type.Integer(),
});
export type GrantView = Static<typeof GrantViewSchema>;

export const GrantBodySchema = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 32 }),
    role: Type.Union([
      Type.Literal('worker'),
      Type.Literal('hut_keeper'),
      Type.Literal('street_admin'),
      Type.Literal('auditor'),
    ]),
    divisionCode: Type.String({ pattern: '^\\d{12}$' }),
  },
  { additionalProperties: false },
);
