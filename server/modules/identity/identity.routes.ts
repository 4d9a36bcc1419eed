import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { serialize as serializeCookie } from 'cookie';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  CodeSentSchema,
  DeviceKeySchema,
  GrantBodySchema,
  GrantViewSchema,
  MeSchema,
  PhoneBodySchema,
  RegisterDeviceKeySchema,
  SessionSchema,
  SignInBodySchema,
} from '../../../common/schemas/identity.js';
import { AppError } from '../../errors.js';
import { SESSION_COOKIE, setSessionCookie } from '../../plugins/auth.js';
import type { AccountsService } from './accounts.service.js';
import type { AuthService } from './auth.service.js';
import type { DeviceKeysService } from './device-keys.service.js';

const problem = { $ref: 'Problem#' } as const;

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply) {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 0 }),
  );
}

export const identityRoutes: FastifyPluginAsyncTypebox<{
  auth: AuthService;
  accounts: AccountsService;
  deviceKeys: DeviceKeysService;
}> = async (app, opts) => {
  const { auth, accounts, deviceKeys } = opts;

  app.get(
    '/api/staff/grants',
    {
      schema: {
        tags: ['staff'],
        summary: 'Role grants in the divisions I administer',
        response: { 200: Type.Object({ items: Type.Array(GrantViewSchema) }), 401: problem, 403: problem },
      },
    },
    async (request) => ({ items: await accounts.grantsInMyDivisions(request.actor) }),
  );

  app.post(
    '/api/staff/grants',
    {
      schema: {
        tags: ['staff'],
        summary: 'Grant a role on a division to the person with this number',
        body: GrantBodySchema,
        response: {
          201: Type.Object({ accountId: Type.String() }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request, reply) => {
      const result = await accounts.grantRoleByPhone(
        request.actor,
        request.body.phone,
        request.body.role,
        request.body.divisionCode,
      );
      return reply.status(201).send({ accountId: result.accountId });
    },
  );

  app.delete(
    '/api/staff/grants/:id',
    {
      schema: {
        tags: ['staff'],
        summary: 'Revoke a role grant',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await accounts.revokeGrant(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/tokens',
    {
      schema: {
        tags: ['identity'],
        summary:
          'Create a personal access token for staff scripts (shown once; send as Authorization: Bearer …)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 60 }),
            days: Type.Integer({ minimum: 1, maximum: 365 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), token: Type.String(), expiresAt: Type.Integer() }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await auth.createAccessToken(request.actor, request.body.name, request.body.days)),
  );

  app.get(
    '/api/me/tokens',
    {
      schema: {
        tags: ['identity'],
        summary: 'My access tokens (never the secrets)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                createdAt: Type.Integer(),
                expiresAt: Type.Integer(),
              }),
            ),
          }),
          401: problem,
        },
      },
    },
    async (request) => ({ items: await auth.listAccessTokens(request.actor) }),
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke one of my access tokens',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await auth.revokeAccessToken(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/device-keys',
    {
      schema: {
        tags: ['identity'],
        summary: 'My registered device keys',
        response: { 200: Type.Object({ items: Type.Array(DeviceKeySchema) }), 401: problem },
      },
    },
    async (request) => ({ items: await deviceKeys.list(request.actor) }),
  );

  app.post(
    '/api/me/device-keys',
    {
      schema: {
        tags: ['identity'],
        summary: "Register this browser's Ed25519 key for co-signing",
        body: RegisterDeviceKeySchema,
        response: { 201: DeviceKeySchema, 400: problem, 401: problem, 403: problem, 409: problem },
      },
    },
    async (request, reply) => reply.status(201).send(await deviceKeys.register(request.actor, request.body)),
  );

  app.delete(
    '/api/me/device-keys/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke one of my device keys',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await deviceKeys.revoke(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/sms-code',
    {
      config: { csrf: false },
      schema: {
        tags: ['identity'],
        summary: 'Send a 6-digit sign-in code by SMS',
        body: PhoneBodySchema,
        response: { 202: CodeSentSchema, 400: problem, 429: problem },
      },
    },
    async (request, reply) => reply.status(202).send(await auth.requestCode(request.body.phone, request.ip)),
  );

  app.post(
    '/api/auth/sign-in',
    {
      config: { csrf: false },
      schema: {
        tags: ['identity'],
        summary: 'Sign in (or sign up) with the SMS code; sets the session cookie',
        body: SignInBodySchema,
        response: { 200: SessionSchema, 400: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const { token, session } = await auth.signIn(request.body.phone, request.body.code);
      setSessionCookie(request, reply, token);
      const actor = {
        kind: 'person' as const,
        accountId: session.accountId,
        grants: session.grants,
        sessionId: session.id,
      };
      return { signedIn: true as const, csrfToken: session.csrfToken, account: await accounts.me(actor) };
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['identity'],
        summary: 'The current session, if any',
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (request.actor.kind !== 'person') return { signedIn: false as const };
      return {
        signedIn: true as const,
        csrfToken: request.csrfToken!,
        account: await accounts.me(request.actor),
      };
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      schema: {
        tags: ['identity'],
        summary: 'End this session',
        response: { 204: Type.Null(), 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      await auth.signOut(request.actor);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/sign-out-everywhere',
    {
      schema: {
        tags: ['identity'],
        summary: 'End every session of this account',
        response: { 200: Type.Object({ revoked: Type.Integer() }), 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      const revoked = await auth.signOutEverywhere(request.actor);
      clearSessionCookie(reply);
      return { revoked };
    },
  );

  app.post(
    '/api/me/phone/code',
    {
      schema: {
        tags: ['identity'],
        summary: 'Changing my number: send a code to the new number',
        body: PhoneBodySchema,
        response: {
          202: CodeSentSchema,
          400: problem,
          401: problem,
          403: problem,
          409: problem,
          429: problem,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await auth.requestPhoneChangeCode(request.actor, request.body.phone, request.ip)),
  );

  app.put(
    '/api/me/phone',
    {
      schema: {
        tags: ['identity'],
        summary: 'Changing my number: confirm with the code sent to the new number',
        body: SignInBodySchema,
        response: {
          200: Type.Object({ phoneMasked: Type.String() }),
          400: problem,
          401: problem,
          403: problem,
          409: problem,
          429: problem,
        },
      },
    },
    async (request) => auth.changePhone(request.actor, request.body.phone, request.body.code),
  );

  app.get(
    '/api/me',
    { schema: { tags: ['identity'], summary: 'My account', response: { 200: MeSchema, 401: problem } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (request.actor.kind !== 'person') throw new AppError('unauthorized');
      return accounts.me(request.actor);
    },
  );
};
