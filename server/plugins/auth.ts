import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { type Actor, ANONYMOUS } from '../lib/actor.js';
import { type AuthService, SESSION_TTL_MS } from '../modules/identity/auth.service.js';

export const SESSION_COOKIE = 'linli_session';

/** Gives the browser a session cookie (httpOnly, SameSite=Lax, Secure over HTTPS). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    }),
  );
}
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** The session's CSRF token, when signed in. */
    csrfToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** false for endpoints that do not act on a session (sign-in itself). */
    csrf?: boolean;
  }
}

/**
 * Resolves the session cookie to an actor on every request, and guards state-changing requests
 * made with a session: they must echo the session's CSRF token in `x-csrf-token` (the cookie is
 * also SameSite=Lax). Requests without a cookie skip all of it.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { auth: AuthService }) => {
  // Cookies are parsed only when a request has them (below): most reads (search, the log,
  // divisions) are anonymous and should not pay for cookie handling, in or out.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('csrfToken', undefined);

  async function resolveActor(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Staff scripts: a personal access token. No cookie is involved, so no CSRF check either.
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const pat = await opts.auth.accessTokenFor(authorization.slice(7).trim());
      if (!pat) throw new AppError('unauthorized');
      request.actor = { kind: 'person', accountId: pat.accountId, grants: pat.grants };
      return;
    }
    const header = request.headers.cookie;
    const token = header ? parseCookies(header)[SESSION_COOKIE] : undefined;
    if (!token) return;
    let session = await opts.auth.sessionFor(token);
    if (!session) return;
    // Privileges changed since this session began: it is replaced by a new one (rotation).
    if (session.needsRotation) {
      const rotated = await opts.auth.rotateSession(session);
      if (rotated) {
        setSessionCookie(request, reply, rotated.token);
        session = rotated.session;
      }
    }
    request.actor = {
      kind: 'person',
      accountId: session.accountId,
      grants: session.grants,
      sessionId: session.id,
    };
    request.csrfToken = session.csrfToken;
    if (
      UNSAFE.has(request.method) &&
      request.routeOptions.config?.csrf !== false &&
      request.headers['x-csrf-token'] !== session.csrfToken
    ) {
      throw new AppError('csrf_failed');
    }
  }

  // Callback style, and nothing at all for requests with neither a cookie nor a token.
  app.addHook('onRequest', (request, reply, done) => {
    request.actor = ANONYMOUS;
    if (!request.headers.cookie && !request.headers.authorization) return done();
    resolveActor(request, reply).then(() => done(), done);
  });
});
