import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema } from '../../../common/schemas/health.js';
import type { SystemService } from './system.service.js';

export const systemRoutes: FastifyPluginAsyncTypebox<{ system: SystemService }> = async (app, opts) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness: database kind and schema version',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const health = await opts.system.health();
      reply.header('cache-control', 'no-store');
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
};
