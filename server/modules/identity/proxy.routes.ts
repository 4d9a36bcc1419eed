import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProfilePatchSchema, RealNameBodySchema } from '../../../common/schemas/privacy.js';
import { ManagedRegisterSchema, ManagedResidentSchema } from '../../../common/schemas/proxy.js';
import type { ProxyService } from './proxy.service.js';

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** 代办: workers register residents without a phone and act for them (every act logged). */
export const proxyRoutes: FastifyPluginAsyncTypebox<{ proxy: ProxyService }> = async (app, opts) => {
  const { proxy } = opts;

  app.get(
    '/api/staff/managed',
    {
      schema: {
        tags: ['staff'],
        summary: 'Residents without a phone managed by my communities (代办)',
        response: {
          200: Type.Object({ items: Type.Array(ManagedResidentSchema) }),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => ({ items: await proxy.list(request.actor) }),
  );

  app.post(
    '/api/staff/managed',
    {
      schema: {
        tags: ['staff'],
        summary: 'Register a resident who has no phone of their own, managed by this community',
        body: ManagedRegisterSchema,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await proxy.register(request.actor, request.body)),
  );

  app.patch(
    '/api/staff/managed/:id/profile',
    {
      schema: {
        tags: ['staff'],
        summary: 'Correct a managed resident’s profile for them (marked and logged as 代办)',
        params: Params,
        body: ProfilePatchSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await proxy.updateProfile(request.actor, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/staff/managed/:id/verification/real-name',
    {
      schema: {
        tags: ['staff'],
        summary:
          'Record a managed resident’s real name and ID number, given in person with their consent (代办, logged)',
        params: Params,
        body: RealNameBodySchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await proxy.submitRealName(request.actor, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
};
