import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CodeSentSchema,
  MeSchema,
  PhoneBodySchema,
  SessionSchema,
  SignInBodySchema,
} from '../../../common/schemas/identity.js';
import { AppError } from '../../errors.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import type { AccountsService } from './accounts.service.js';
import { type AuthService, SESSION_TTL_MS } from './auth.service.js';

const problem = { $ref: 'Problem#' } as const;

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export const identityRoutes: FastifyPluginAsyncTypebox<{
  auth: AuthService;
  accounts: AccountsService;
}> = async (app, opts) => {
  const { auth, accounts } = opts;

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
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
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
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked };
    },
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
