import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CompoundSchema,
  DivisionChildrenSchema,
  DivisionCodeParam,
  DivisionDetailSchema,
  DivisionRootsSchema,
  DivisionSearchQuerySchema,
  DivisionSearchResultSchema,
  NameBodySchema,
} from '../../../common/schemas/divisions.js';
import { ANONYMOUS } from '../../lib/actor.js';
import type { CompoundsService } from './compounds.service.js';
import { fullCodeOf } from './division-codes.js';
import type { DivisionsService } from './divisions.service.js';

const problem = { $ref: 'Problem#' } as const;
const CodeParams = Type.Object({ code: DivisionCodeParam });
// Reference data changes only on import; let browsers and proxies reuse it briefly.
const CACHE = 'public, max-age=15';

export const divisionsRoutes: FastifyPluginAsyncTypebox<{
  divisions: DivisionsService;
  compounds: CompoundsService;
}> = async (app, opts) => {
  const { divisions, compounds } = opts;

  app.get(
    '/api/divisions/:code/compounds',
    {
      schema: {
        tags: ['divisions'],
        summary: 'The compounds (小区) and buildings of a community',
        params: CodeParams,
        response: { 200: Type.Object({ items: Type.Array(CompoundSchema) }), 400: problem },
      },
    },
    async (request) => ({ items: await compounds.list(fullCodeOf(request.params.code)) }),
  );

  app.post(
    '/api/staff/divisions/:code/compounds',
    {
      schema: {
        tags: ['staff'],
        summary: 'Create a compound in my community',
        params: CodeParams,
        body: NameBodySchema,
        response: {
          201: Type.Object({ id: Type.String() }),
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await compounds.createCompound(request.actor, fullCodeOf(request.params.code), request.body.name),
        ),
  );

  app.post(
    '/api/staff/compounds/:id/buildings',
    {
      schema: {
        tags: ['staff'],
        summary: 'Add a building to a compound of my community',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: NameBodySchema,
        response: {
          201: Type.Object({ id: Type.String() }),
          400: problem,
          401: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await compounds.createBuilding(request.actor, request.params.id, request.body.name)),
  );

  app.get(
    '/api/divisions',
    {
      schema: {
        tags: ['divisions'],
        summary: 'The imported areas (entry points of the tree)',
        response: { 200: DivisionRootsSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', CACHE);
      return divisions.roots(ANONYMOUS);
    },
  );

  app.get(
    '/api/divisions/search',
    {
      schema: {
        tags: ['divisions'],
        summary: 'Search divisions by name, pinyin (tapo), initials (tp) or code',
        querystring: DivisionSearchQuerySchema,
        response: { 200: DivisionSearchResultSchema, 400: problem },
      },
    },
    async (request, reply) => {
      // Already serialised (and shaped by DivisionSearchResultSchema's presenter); sent as is.
      const body = await divisions.searchJson(ANONYMOUS, request.query);
      return reply.header('cache-control', CACHE).type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/api/divisions/:code',
    {
      schema: {
        tags: ['divisions'],
        summary: 'A division by code, with its ancestors',
        params: CodeParams,
        response: { 200: DivisionDetailSchema, 400: problem, 404: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return divisions.get(ANONYMOUS, request.params.code);
    },
  );

  app.get(
    '/api/divisions/:code/children',
    {
      schema: {
        tags: ['divisions'],
        summary: 'The children of a division, in official order',
        params: CodeParams,
        response: { 200: DivisionChildrenSchema, 400: problem, 404: problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return divisions.children(ANONYMOUS, request.params.code);
    },
  );
};
