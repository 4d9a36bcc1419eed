import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CategoryInputSchema,
  CategoryKeySchema,
  CategorySchema,
  CreateListingSchema,
  ListingPageSchema,
  ListingQuerySchema,
  ListingSchema,
  UpdateListingSchema,
} from '../../../common/schemas/listings.js';
import { AppError } from '../../errors.js';
import type { ProxyService } from '../identity/proxy.service.js';
import { type ListingsService, PHOTO_MAX_BYTES } from './listings.service.js';

const problem = { $ref: 'Problem#' } as const;
const tags = ['listings'];
const DistrictCode = Type.String({ pattern: '^(\\d{6}|\\d{12})$' });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const PhotoParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  photoId: Type.String({ maxLength: 64 }),
});
const listingResponses = {
  200: ListingSchema,
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
};

/** Offers and needs, the taxonomy, photos and search (issue #6's listings API). */
export const listingsRoutes: FastifyPluginAsyncTypebox<{
  listings: ListingsService;
  proxy: ProxyService;
}> = async (app, opts) => {
  const { listings, proxy } = opts;
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp'],
    { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  // ---- taxonomy ----
  app.get(
    '/api/listing-categories',
    {
      schema: {
        tags,
        summary: 'The categories of a district (default: mine), created from the defaults when it has none',
        querystring: Type.Object({ district: Type.Optional(DistrictCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ items: Type.Array(CategorySchema) }),
          400: problem,
          401: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request) => ({ items: await listings.categories(request.actor, request.query.district) }),
  );
  app.post(
    '/api/listing-categories',
    {
      schema: {
        tags,
        summary: 'Add a category to a district (district admin)',
        body: Type.Object(
          {
            key: CategoryKeySchema,
            district: Type.Optional(DistrictCode),
            ...CategoryInputSchema.properties,
          },
          { additionalProperties: false },
        ),
        response: {
          201: CategorySchema,
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await listings.createCategory(request.actor, request.body)),
  );
  app.put(
    '/api/listing-categories/:district/:key',
    {
      schema: {
        tags,
        summary: 'Change a category of a district (district admin)',
        params: Type.Object({ district: DistrictCode, key: CategoryKeySchema }),
        body: CategoryInputSchema,
        response: { 200: CategorySchema, 400: problem, 401: problem, 403: problem, 404: problem },
      },
    },
    (request) =>
      listings.updateCategory(request.actor, request.params.district, request.params.key, request.body),
  );

  // ---- listings ----
  app.get(
    '/api/listings',
    {
      schema: {
        tags,
        summary: 'Search and feed: Chinese-aware text search (words and pinyin), filters, cursor paging',
        querystring: ListingQuerySchema,
        response: { 200: ListingPageSchema, 400: problem, 401: problem, 409: problem },
      },
    },
    async (request, reply) => {
      // Already serialised (presented by the listings presenter, shaped as ListingPageSchema).
      const body = await listings.searchJson(request.actor, request.query);
      return reply
        .header('cache-control', 'private, no-cache')
        .type('application/json; charset=utf-8')
        .send(body);
    },
  );
  app.post(
    '/api/listings',
    {
      schema: {
        tags,
        summary: 'Post an offer (服务清单) or a need (需求清单)',
        body: CreateListingSchema,
        response: { ...listingResponses, 201: ListingSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await listings.create(request.actor, request.body)),
  );
  app.post(
    '/api/staff/managed/:id/listings',
    {
      schema: {
        tags,
        summary: '代办: post an offer or a need for a managed resident (a worker of their community)',
        params: IdParams,
        body: CreateListingSchema,
        response: { ...listingResponses, 201: ListingSchema },
      },
    },
    async (request, reply) => {
      const delegated = await proxy.actorFor(request.actor, request.params.id);
      return reply.status(201).send(await listings.create(delegated, request.body));
    },
  );
  app.get(
    '/api/listings/:id',
    { schema: { tags, summary: 'One listing', params: IdParams, response: listingResponses } },
    (request) => listings.get(request.actor, request.params.id),
  );
  app.patch(
    '/api/listings/:id',
    {
      schema: {
        tags,
        summary: 'Edit my listing',
        params: IdParams,
        body: UpdateListingSchema,
        response: listingResponses,
      },
    },
    (request) => listings.update(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/listings/:id/close',
    {
      schema: {
        tags,
        summary: 'Close my listing (or, as staff, moderate one)',
        params: IdParams,
        response: listingResponses,
      },
    },
    (request) => listings.close(request.actor, request.params.id),
  );

  // ---- photos ----
  app.post(
    '/api/listings/:id/photos',
    {
      bodyLimit: PHOTO_MAX_BYTES,
      schema: {
        tags,
        summary: 'Add a photo (JPEG, PNG or WebP body, at most 3 MiB, 4 per listing); stored as WebP',
        params: IdParams,
        response: { ...listingResponses, 413: problem, 415: problem },
      },
    },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Buffer)) throw new AppError('listing_photo_invalid');
      return listings.addPhoto(request.actor, request.params.id, body);
    },
  );
  app.get(
    '/api/listings/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of a listing (WebP)',
        params: PhotoParams,
        response: { 401: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const photo = await listings.photo(request.actor, request.params.id, request.params.photoId);
      return reply
        .type(photo.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes);
    },
  );
  app.delete(
    '/api/listings/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'Remove a photo of my listing',
        params: PhotoParams,
        response: listingResponses,
      },
    },
    (request) => listings.deletePhoto(request.actor, request.params.id, request.params.photoId),
  );
};
