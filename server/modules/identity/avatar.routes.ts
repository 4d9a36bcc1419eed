import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { AVATAR_MAX_BYTES, type AvatarService } from './avatar.service.js';

const problem = { $ref: 'Problem#' } as const;

/** Profile pictures: upload mine as the raw image body; anyone may fetch an active account's. */
export const avatarRoutes: FastifyPluginAsyncTypebox<{ avatars: AvatarService }> = async (app, opts) => {
  const { avatars } = opts;
  // Scoped to this plugin: image bodies arrive as bytes; other types stay 415.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp'],
    { parseAs: 'buffer', bodyLimit: AVATAR_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.put(
    '/api/me/avatar',
    {
      bodyLimit: AVATAR_MAX_BYTES,
      schema: {
        tags: ['identity'],
        summary: 'Upload my profile picture (JPEG, PNG or WebP body, at most 3 MiB); stored as 256×256 WebP',
        response: {
          200: Type.Object({ avatarUrl: Type.String() }),
          400: problem,
          401: problem,
          403: problem,
          413: problem,
          415: problem,
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Buffer)) throw new AppError('avatar_invalid');
      const { updatedAt } = await avatars.upload(request.actor, body);
      const id = request.actor.kind === 'person' ? request.actor.accountId : '';
      return { avatarUrl: `/api/accounts/${id}/avatar?v=${updatedAt}` };
    },
  );

  app.delete(
    '/api/me/avatar',
    {
      schema: {
        tags: ['identity'],
        summary: 'Remove my profile picture',
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await avatars.remove(request.actor);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/accounts/:id/avatar',
    {
      schema: {
        tags: ['identity'],
        summary: 'A person’s profile picture (WebP)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 404: problem },
      },
    },
    async (request, reply) => {
      const avatar = await avatars.get(request.params.id);
      return reply
        .type(avatar.mime)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(avatar.bytes);
    },
  );
};
