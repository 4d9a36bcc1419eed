import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FamilyLinkSchema, FamilyRequestSchema } from '../../../common/schemas/family.js';
import type { FamilyService } from './family.service.js';

const problem = { $ref: 'Problem#' } as const;
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const familyRoutes: FastifyPluginAsyncTypebox<{ family: FamilyService }> = async (app, opts) => {
  const { family } = opts;
  app.get(
    '/api/me/family',
    {
      schema: {
        tags: ['identity'],
        summary: 'My family links and requests',
        response: { 200: Type.Object({ items: Type.Array(FamilyLinkSchema) }), 401: problem },
      },
    },
    async (request) => ({
      items: await family.list(request.actor),
    }),
  );
  app.post(
    '/api/me/family',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Ask a relative (by number) to confirm a family link; the answer is the same whether or not the number has an account',
        body: FamilyRequestSchema,
        response: { 202: Type.Null(), 400: problem, 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      await family.request(request.actor, request.body.phone, request.body.relation);
      return reply.status(202).send(null);
    },
  );
  app.post(
    '/api/me/family/:id/confirm',
    {
      schema: {
        tags: ['identity'],
        summary: 'Confirm a family link asked of me',
        params: IdParams,
        response: { 204: Type.Null(), 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await family.confirm(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/me/family/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'End a family link, or withdraw or decline a request',
        params: IdParams,
        response: { 204: Type.Null(), 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await family.remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/me/family/:id/guardian-consent',
    {
      schema: {
        tags: ['identity'],
        summary: 'As the parent on this link, consent as guardian for a child under 14',
        params: IdParams,
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await family.giveGuardianConsent(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/me/family/:id/guardian-consent',
    {
      schema: {
        tags: ['identity'],
        summary: 'Withdraw my consent as guardian',
        params: IdParams,
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await family.withdrawGuardianConsent(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
