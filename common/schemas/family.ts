import { type Static, Type } from 'typebox';

export const RELATIONS = ['parent', 'child', 'spouse', 'sibling', 'other'] as const;

export const FamilyRequestSchema = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 32, description: 'The relative’s mobile number' }),
    relation: Type.Union([
      Type.Literal('parent'),
      Type.Literal('child'),
      Type.Literal('spouse'),
      Type.Literal('sibling'),
      Type.Literal('other'),
    ]),
  },
  { additionalProperties: false },
);

export const FamilyLinkSchema = Type.Object({
  id: Type.String(),
  /** How the other person relates to me, from my side. */
  relation: Type.String(),
  otherNickname: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')]),
  direction: Type.Union([Type.Literal('outgoing'), Type.Literal('incoming')]),
  createdAt: Type.Integer(),
});
export type FamilyLink = Static<typeof FamilyLinkSchema>;
