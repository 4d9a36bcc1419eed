import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ConfirmExchangeSchema,
  CreateExchangeSchema,
  ExchangeDetailSchema,
  ExchangeListQuerySchema,
  ExchangeListSchema,
  ExchangeMessageSchema,
  ExchangeStatusSchema,
  MessageInputSchema,
  ReasonSchema,
  ResolveDisputeSchema,
  ScheduleExchangeSchema,
} from '../../../common/schemas/exchanges.js';
import type { ProxyService } from '../identity/proxy.service.js';
import type { ExchangesService } from './exchanges.service.js';

const problem = { $ref: 'Problem#' } as const;
const tags = ['exchanges'];
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ManagedParams = Type.Object({
  residentId: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
});
const detail = { 200: ExchangeDetailSchema, ...errors };

/** The exchange workflow over HTTP (see the handbook of issue #6). */
export const exchangesRoutes: FastifyPluginAsyncTypebox<{
  exchanges: ExchangesService;
  proxy: ProxyService;
}> = async (app, opts) => {
  const { exchanges, proxy } = opts;

  app.post(
    '/api/exchanges',
    {
      schema: {
        tags,
        summary: 'Answer a listing: ask for an offer’s help or offer help with a need',
        body: CreateExchangeSchema,
        response: { 201: ExchangeDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await exchanges.create(request.actor, request.body)),
  );

  app.get(
    '/api/exchanges',
    {
      schema: {
        tags,
        summary: 'My exchanges, newest first',
        querystring: ExchangeListQuerySchema,
        response: { 200: ExchangeListSchema, 400: problem, 401: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return exchanges.list(request.actor, request.query);
    },
  );

  app.get(
    '/api/exchanges/:id',
    {
      schema: {
        tags,
        summary: 'One exchange with its timeline and messages (its parties and community staff)',
        params: IdParams,
        response: { 200: ExchangeDetailSchema, 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return exchanges.get(request.actor, request.params.id);
    },
  );

  app.post(
    '/api/exchanges/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a request (the listing’s owner); takes a slot',
        params: IdParams,
        response: detail,
      },
    },
    (request) => exchanges.accept(request.actor, request.params.id),
  );
  app.post(
    '/api/exchanges/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a request (the listing’s owner)',
        params: IdParams,
        body: ReasonSchema,
        response: detail,
      },
    },
    (request) => exchanges.decline(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Agree time, place and planned minutes (either party, after acceptance)',
        params: IdParams,
        body: ScheduleExchangeSchema,
        response: detail,
      },
    },
    (request) => exchanges.schedule(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/done',
    { schema: { tags, summary: 'Mark the help done (the provider)', params: IdParams, response: detail } },
    (request) => exchanges.markDone(request.actor, request.params.id),
  );
  app.post(
    '/api/exchanges/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the actual minutes (the recipient); points are paid',
        params: IdParams,
        body: ConfirmExchangeSchema,
        response: detail,
      },
    },
    (request) => exchanges.confirm(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Call it off before it is done (either party)',
        params: IdParams,
        body: ReasonSchema,
        response: detail,
      },
    },
    (request) => exchanges.cancel(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/no-show',
    {
      schema: {
        tags,
        summary: 'Report that the other party did not come (after the agreed time)',
        params: IdParams,
        body: ReasonSchema,
        response: detail,
      },
    },
    (request) => exchanges.noShow(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/dispute',
    {
      schema: {
        tags,
        summary: 'Dispute it after done and before payment (either party)',
        params: IdParams,
        body: ReasonSchema,
        response: detail,
      },
    },
    (request) => exchanges.dispute(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve a dispute (staff of the exchange’s community): pay or not',
        params: IdParams,
        body: ResolveDisputeSchema,
        response: detail,
      },
    },
    (request) => exchanges.resolve(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/exchanges/:id/messages',
    {
      schema: {
        tags,
        summary: 'Write in the exchange’s thread (plain text)',
        params: IdParams,
        body: MessageInputSchema,
        response: { 201: ExchangeMessageSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await exchanges.message(request.actor, request.params.id, request.body)),
  );

  app.get(
    '/api/staff/exchanges',
    {
      schema: {
        tags: ['staff'],
        summary: 'Exchanges of the communities I work for (default: disputed)',
        querystring: Type.Object(
          {
            status: Type.Optional(ExchangeStatusSchema),
            community: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ExchangeListSchema, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return exchanges.staffList(request.actor, request.query);
    },
  );

  // 代办: a worker answers a listing, accepts or confirms for a managed (phone-less) resident.
  app.post(
    '/api/staff/managed/:residentId/exchanges',
    {
      schema: {
        tags: ['staff'],
        summary: 'Answer a listing for a managed resident (代办, marked in the trust log)',
        params: Type.Object({ residentId: Type.String({ maxLength: 64 }) }),
        body: CreateExchangeSchema,
        response: { 201: ExchangeDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const delegated = await proxy.actorFor(request.actor, request.params.residentId);
      return reply.status(201).send(await exchanges.create(delegated, request.body));
    },
  );
  app.post(
    '/api/staff/managed/:residentId/exchanges/:id/accept',
    {
      schema: {
        tags: ['staff'],
        summary: 'Accept a request for a managed resident (代办)',
        params: ManagedParams,
        response: detail,
      },
    },
    async (request) =>
      exchanges.accept(await proxy.actorFor(request.actor, request.params.residentId), request.params.id),
  );
  app.post(
    '/api/staff/managed/:residentId/exchanges/:id/confirm',
    {
      schema: {
        tags: ['staff'],
        summary: 'Confirm the actual minutes for a managed resident (代办)',
        params: ManagedParams,
        body: ConfirmExchangeSchema,
        response: detail,
      },
    },
    async (request) =>
      exchanges.confirm(
        await proxy.actorFor(request.actor, request.params.residentId),
        request.params.id,
        request.body,
      ),
  );
};
