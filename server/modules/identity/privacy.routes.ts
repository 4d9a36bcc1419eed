import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AccessLogSchema,
  ConsentSchema,
  ProfilePatchSchema,
  QueueItemSchema,
  RealNameBodySchema,
  RevealBodySchema,
} from '../../../common/schemas/privacy.js';
import { clearSessionCookie } from './identity.routes.js';
import type { PrivacyService } from './privacy.service.js';

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const AccountParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** My profile, verification and data rights; staff verification and views with a reason. */
export const privacyRoutes: FastifyPluginAsyncTypebox<{ privacy: PrivacyService }> = async (app, opts) => {
  const { privacy } = opts;

  app.patch(
    '/api/me/profile',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change my nickname or home community',
        body: ProfilePatchSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await privacy.updateProfile(request.actor, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/verification/real-name',
    {
      schema: {
        tags: ['identity'],
        summary: 'Give my real name and resident ID number (GB 11643), with separate consent',
        body: RealNameBodySchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await privacy.submitRealName(request.actor, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/verification/network-id',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Whether the network-ID provider (网号/网证) is available, and where to hand the browser (with account, return and state)',
        response: {
          200: Type.Object({
            available: Type.Boolean(),
            providerUrl: Type.Union([Type.String(), Type.Null()]),
            account: Type.String(),
          }),
          401: problem,
        },
      },
    },
    async (request) => privacy.netIdStatus(request.actor),
  );

  app.post(
    '/api/me/verification/network-id',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Real-name verification by a signed result from the network-ID provider (网号/网证); no ID number is kept',
        body: Type.Object(
          { result: Type.String({ minLength: 10, maxLength: 4096 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await privacy.submitNetIdResult(request.actor, request.body.result);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/consents',
    {
      schema: {
        tags: ['identity'],
        summary: 'My consents by purpose and version',
        response: { 200: Type.Object({ items: Type.Array(ConsentSchema) }), 401: problem },
      },
    },
    async (request) => {
      const data = (await privacy.export(request.actor)) as { consents: unknown[] };
      return { items: data.consents as never };
    },
  );

  app.post(
    '/api/me/consents/share_record',
    {
      schema: {
        tags: ['identity'],
        summary: 'Let others see my detailed credit record and activity',
        response: { 204: Type.Null(), 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      await privacy.grantShareRecord(request.actor);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/consents/:purpose/withdraw',
    {
      schema: {
        tags: ['identity'],
        summary: 'Withdraw a consent (withdrawing sensitive_id erases my name and ID number)',
        params: Type.Object({
          purpose: Type.Union([
            Type.Literal('sensitive_id'),
            Type.Literal('share_record'),
            Type.Literal('privacy_notice'),
          ]),
        }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await privacy.withdrawConsent(request.actor, request.params.purpose);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/access-log',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who viewed my full data, when and why',
        response: { 200: AccessLogSchema, 401: problem },
      },
    },
    async (request) => privacy.accessLog(request.actor),
  );

  app.get(
    '/api/me/export',
    {
      schema: { tags: ['identity'], summary: 'Everything held about me (JSON)', response: { 401: problem } },
    },
    async (request, reply) => {
      const data = await privacy.export(request.actor);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="linli-my-data.json"')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.delete(
    '/api/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Delete my account (personal data erased; the log keeps pseudonymous entries)',
        response: { 204: Type.Null(), 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      await privacy.deleteAccount(request.actor);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/staff/verification-queue',
    {
      schema: {
        tags: ['staff'],
        summary: 'People in my divisions waiting to be verified in person',
        response: { 200: Type.Object({ items: Type.Array(QueueItemSchema) }), 401: problem, 403: problem },
      },
    },
    async (request) => ({
      items: await privacy.verificationQueue(request.actor),
    }),
  );

  app.post(
    '/api/staff/accounts/:id/in-person',
    {
      schema: {
        tags: ['staff'],
        summary: 'I saw this person’s ID card',
        params: AccountParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await privacy.confirmInPerson(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/staff/accounts/:id/party-member',
    {
      schema: {
        tags: ['staff'],
        summary: 'I confirmed this person’s party membership (党员)',
        params: AccountParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await privacy.confirmPartyMember(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/staff/accounts/:id/reveal',
    {
      schema: {
        tags: ['staff'],
        summary: 'See one full personal field, giving a reason (logged, shown to the person)',
        params: AccountParams,
        body: RevealBodySchema,
        response: { 200: Type.Object({ value: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        value: await privacy.reveal(
          request.actor,
          request.params.id,
          request.body.field,
          request.body.reason,
        ),
      };
    },
  );
};
