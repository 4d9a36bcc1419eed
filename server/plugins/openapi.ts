import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemSchema } from '../../common/schemas/problem.js';
import { appVersion } from '../lib/version.js';

/** The OpenAPI document, generated from the route schemas, at /api/openapi.json; Swagger UI at /api/docs. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Linli 邻里 API',
        version: appVersion,
        description:
          'Neighbourhood sharing platform. Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`; send Accept-Language: en for English messages (zh-CN by default).',
      },
      tags: [
        { name: 'system', description: 'Health and metadata' },
        { name: 'divisions', description: 'Official administrative divisions (行政区划)' },
        {
          name: 'trustlog',
          description: 'The transparency log (透明日志): C2SP checkpoints, tiles, proofs, receipts',
        },
        { name: 'identity', description: 'Sign-in, sessions, my account, verification and my data' },
        { name: 'notify', description: 'In-app notifications and how they reach me (SMS opt-in)' },
        { name: 'points', description: 'The love bank (爱心积分): balances, statements, gifts, rules' },
        { name: 'listings', description: 'Offers (服务清单) and needs (需求清单), the taxonomy and search' },
        { name: 'matching', description: 'Ranked, explained matches for a listing' },
        { name: 'exchanges', description: 'One act of help, from request to payment, with its thread' },
        {
          name: 'reviews',
          description: 'Two-way reviews, their moderation and the credit record (信用记录)',
        },
        {
          name: 'staff',
          description: 'Community staff: verification and views of personal data with a reason',
        },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
