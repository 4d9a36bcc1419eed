import { type Static, Type } from 'typebox';

/** 代办: a worker registers a resident who has no phone of their own. */
export const ManagedRegisterSchema = Type.Object(
  {
    nickname: Type.String({ minLength: 1, maxLength: 20, description: 'What neighbours call them' }),
    homeDivision: Type.String({
      pattern: '^\\d{12}$',
      description: 'Their home community; the worker must work there',
    }),
  },
  { additionalProperties: false },
);

export const ManagedResidentSchema = Type.Object({
  id: Type.String(),
  nickname: Type.String(),
  homeDivision: Type.Union([Type.String(), Type.Null()]),
  managedDivision: Type.String(),
  verification: Type.String(),
  skills: Type.Array(Type.String()),
  createdAt: Type.Integer(),
  abilities: Type.Object({ actFor: Type.Boolean() }),
});
export type ManagedResident = Static<typeof ManagedResidentSchema>;
