import { type Static, Type } from 'typebox';

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Hash = Type.String({ description: 'base64 SHA-256', pattern: '^[A-Za-z0-9+/]{43}=$' });

export const LogInfoSchema = Type.Object({
  origin: Type.String(),
  verifierKey: Type.String({ description: 'C2SP signed-note verifier key of the log' }),
  witnesses: Type.Array(Type.String(), { description: 'Verifier keys of the witnesses that cosign' }),
  size: Type.Integer(),
  maxCheckpointDelayS: Type.Number({ description: 'The longest an entry waits for a signed checkpoint' }),
});
export type LogInfo = Static<typeof LogInfoSchema>;

export const InclusionQuerySchema = Type.Object(
  {
    index: Type.Optional(Index),
    hash: Type.Optional(Hash),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  },
  { additionalProperties: false },
);
export const InclusionProofSchema = Type.Object({
  index: Type.Integer(),
  size: Type.Integer(),
  leafHash: Hash,
  proof: Type.Array(Type.String(), { description: 'base64 hashes, bottom-up (RFC 9162)' }),
});
export type InclusionProof = Static<typeof InclusionProofSchema>;

export const ConsistencyQuerySchema = Type.Object(
  { from: Index, to: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export const ConsistencyProofSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  proof: Type.Array(Type.String()),
});
export type ConsistencyProof = Static<typeof ConsistencyProofSchema>;

export const LogEntryViewSchema = Type.Object({
  index: Type.Integer(),
  kind: Type.String(),
  createdAt: Type.Integer(),
  leafHash: Type.String(),
  entry: Type.Unknown({ description: 'The entry as recorded (canonical JSON, parsed)' }),
});
export type LogEntryView = Static<typeof LogEntryViewSchema>;

export const LogEntriesQuerySchema = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export const LogEntriesSchema = Type.Object({ size: Type.Integer(), items: Type.Array(LogEntryViewSchema) });
export type LogEntries = Static<typeof LogEntriesSchema>;

export const CheckpointHistoryQuerySchema = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: -1, maximum: Number.MAX_SAFE_INTEGER, default: -1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export const CheckpointHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      size: Type.Integer(),
      text: Type.String({ description: 'Signed note with cosignatures' }),
    }),
  ),
});
