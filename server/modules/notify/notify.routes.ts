import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotificationListSchema } from '../../../common/schemas/notify.js';
import type { NotifyService } from './notify.service.js';

const problem = { $ref: 'Problem#' } as const;

export const notifyRoutes: FastifyPluginAsyncTypebox<{ notify: NotifyService }> = async (app, opts) => {
  app.get(
    '/api/me/notifications',
    {
      schema: {
        tags: ['notify'],
        summary: 'My notifications, newest first',
        response: { 200: NotificationListSchema, 401: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return opts.notify.list(request.actor);
    },
  );
  app.post(
    '/api/me/notifications/read',
    {
      schema: {
        tags: ['notify'],
        summary: 'Mark all my notifications read',
        response: { 200: Type.Object({ marked: Type.Integer() }), 401: problem, 403: problem },
      },
    },
    async (request) => ({ marked: await opts.notify.markAllRead(request.actor) }),
  );
};
