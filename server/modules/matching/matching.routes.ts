import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MatchListSchema } from '../../../common/schemas/listings.js';
import type { MatchingService } from './matching.service.js';

const problem = { $ref: 'Problem#' } as const;

/** Ranked, explained matches of a listing: offers for a need, needs for an offer. */
export const matchingRoutes: FastifyPluginAsyncTypebox<{ matching: MatchingService }> = async (app, opts) => {
  app.get(
    '/api/listings/:id/matches',
    {
      schema: {
        tags: ['matching'],
        summary: 'For a need, ranked offers; for an offer, ranked needs; each with its reasons',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: MatchListSchema, 401: problem, 404: problem },
      },
    },
    (request) => opts.matching.forListing(request.actor, request.params.id, request.query.limit ?? 10),
  );
};
