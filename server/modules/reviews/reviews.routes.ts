import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreditRecordSchema,
  ModerateInputSchema,
  ModerationItemSchema,
  ModerationQuerySchema,
  ModerationQueueSchema,
  PendingReviewListSchema,
  ReportInputSchema,
  ReviewInputSchema,
  ReviewSchema,
  SubjectParamsSchema,
  SubjectReviewsSchema,
} from '../../../common/schemas/reviews.js';
import type { ReputationService } from './reputation.service.js';
import type { ReviewsService } from './reviews.service.js';

const problem = { $ref: 'Problem#' } as const;
const tags = ['reviews'];
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Reviews, moderation and the credit record over HTTP (issue #8). */
export const reviewsRoutes: FastifyPluginAsyncTypebox<{
  reviews: ReviewsService;
  reputation: ReputationService;
}> = async (app, opts) => {
  const { reviews, reputation } = opts;

  app.get(
    '/api/reviews/subjects/:kind/:id',
    {
      schema: {
        tags,
        summary: 'The reviews of a subject (an exchange …) as one of its two participants sees them',
        params: SubjectParamsSchema,
        response: { 200: SubjectReviewsSchema, 400: problem, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reviews.forSubject(request.actor, request.params.kind, request.params.id);
    },
  );

  app.post(
    '/api/reviews/subjects/:kind/:id',
    {
      schema: {
        tags,
        summary: 'Review the other participant: 1–5 stars, tags, a comment (once, within 14 days)',
        params: SubjectParamsSchema,
        body: ReviewInputSchema,
        response: { 201: ReviewSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reviews.submit(request.actor, request.params.kind, request.params.id, request.body)),
  );

  app.patch(
    '/api/reviews/:id',
    {
      schema: {
        tags,
        summary: 'Change my review (within 30 minutes, while the other side has not reviewed)',
        params: IdParams,
        body: ReviewInputSchema,
        response: { 200: ReviewSchema, ...errors },
      },
    },
    (request) => reviews.edit(request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/reviews/:id/report',
    {
      schema: {
        tags,
        summary: 'Report a review to the moderators of the reviewed person’s community',
        params: IdParams,
        body: ReportInputSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await reviews.report(request.actor, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/reviews/pending',
    {
      schema: {
        tags,
        summary: 'What I may still review (待评价), ending soonest first',
        response: { 200: PendingReviewListSchema, 401: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reviews.pending(request.actor);
    },
  );

  app.get(
    '/api/staff/reviews/reports',
    {
      schema: {
        tags,
        summary: 'Reported reviews waiting for a decision (staff of the reviewed person’s community)',
        querystring: ModerationQuerySchema,
        response: { 200: ModerationQueueSchema, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reviews.queue(request.actor, request.query);
    },
  );

  app.post(
    '/api/staff/reviews/:id/moderate',
    {
      schema: {
        tags,
        summary: 'Hide a review (never deleted; logged) or keep it, with a reason',
        params: IdParams,
        body: ModerateInputSchema,
        response: { 200: ModerationItemSchema, ...errors },
      },
    },
    (request) => reviews.moderate(request.actor, request.params.id, request.body),
  );

  app.get(
    '/api/people/:id/credit',
    {
      schema: {
        tags,
        summary: 'A person’s credit record (信用记录): aggregate for all, details with their consent',
        params: IdParams,
        response: { 200: CreditRecordSchema, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reputation.creditRecord(request.actor, request.params.id);
    },
  );
};
