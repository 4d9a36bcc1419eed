import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotificationListSchema, NotifyPreferencesSchema } from '../../../common/schemas/notify.js';
import type { NotifyService } from './notify.service.js';

const problem = { $ref: 'Problem#' } as const;
const MarkReadSchema = Type.Object(
  {
    /** Only these (mine; others' ids are ignored); without `ids`, all of mine. */
    ids: Type.Optional(
      Type.Array(
        Type.String({
          pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
        }),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
);

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
      // No body at all (the web app's "mark all read") is the empty object: all of mine.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: ['notify'],
        summary: 'Mark my notifications read: all of them, or only those given by id',
        body: MarkReadSchema,
        response: { 200: Type.Object({ marked: Type.Integer() }), 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => ({
      marked:
        request.body?.ids === undefined
          ? await opts.notify.markAllRead(request.actor)
          : await opts.notify.markRead(request.actor, request.body.ids),
    }),
  );
  app.get(
    '/api/me/notify-preferences',
    {
      schema: {
        tags: ['notify'],
        summary: 'How I want to be told besides in the app (SMS for important steps)',
        response: { 200: NotifyPreferencesSchema, 401: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return opts.notify.preferences(request.actor);
    },
  );
  app.put(
    '/api/me/notify-preferences',
    {
      schema: {
        tags: ['notify'],
        summary: 'Opt in or out of SMS for important steps',
        body: NotifyPreferencesSchema,
        response: { 200: NotifyPreferencesSchema, 400: problem, 401: problem, 403: problem },
      },
    },
    async (request) => opts.notify.setPreferences(request.actor, request.body),
  );
};
