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
  /** On a confirmed parent–child link: which side is the guardian (the parent). */
  guardian: Type.Union([Type.Literal('me'), Type.Literal('them'), Type.Null()]),
  /** The guardian has consented for the child (needed for under-14s). */
  guardianConsent: Type.Boolean(),
});
export type FamilyLink = Static<typeof FamilyLinkSchema>;
