import { type Static, Type } from 'typebox';

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  db: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  schemaVersion: Type.String({ description: 'Name of the newest applied migration' }),
  version: Type.String(),
  uptimeS: Type.Number(),
});
export type Health = Static<typeof HealthSchema>;
