import { type Static, Type } from 'typebox';

/** RFC 9457 problem document, with Linli's stable `code` and the request id for support. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the problem type' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'Message in the caller’s language (zh-CN or en)' }),
    code: Type.String({ description: 'Stable machine-readable code, see common/error-codes.ts' }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
        description: 'Safe values that fill the message, e.g. the code that was not found',
      }),
    ),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
        description: 'Field errors for validation_failed',
      }),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type Problem = Static<typeof ProblemSchema>;
