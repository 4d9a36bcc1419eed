import AjvCompiler from '@fastify/ajv-compiler';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { webDistDir } from './lib/paths.js';
import { divisionsRoutes } from './modules/divisions/divisions.routes.js';
import { exchangesRoutes } from './modules/exchanges/exchanges.routes.js';
import { hutsRoutes } from './modules/huts/huts.routes.js';
import { avatarRoutes } from './modules/identity/avatar.routes.js';
import { familyRoutes } from './modules/identity/family.routes.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { privacyRoutes } from './modules/identity/privacy.routes.js';
import { proxyRoutes } from './modules/identity/proxy.routes.js';
import { listingsRoutes } from './modules/listings/listings.routes.js';
import { matchingRoutes } from './modules/matching/matching.routes.js';
import { notifyRoutes } from './modules/notify/notify.routes.js';
import { pointsRoutes } from './modules/points/points.routes.js';
import { reviewsRoutes } from './modules/reviews/reviews.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { trustlogRoutes } from './modules/trustlog/trustlog.routes.js';
import { authPlugin } from './plugins/auth.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { openapiPlugin } from './plugins/openapi.js';
import { registerWebApp } from './plugins/web.js';
import type { Services } from './services.js';

export interface BuildAppOptions {
  services: Services;
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; null serves the API only. */
  webDir?: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Levels at which Fastify logs every request, so a per-request child logger pays off. */
const PER_REQUEST_LOG_LEVELS = new Set(['trace', 'debug', 'info']);

// Request ids: a random tag per process (so ids from several servers do not collide) and a
// counter; unique without the cost of a UUID per request.
const processTag = uuidv7().slice(-12);
let requestCounter = 0;
function nextRequestId(): string {
  requestCounter += 1;
  return `${processTag}-${requestCounter.toString(36)}`;
}

const ajvCompilers = AjvCompiler();

/**
 * Query strings, params and headers arrive as text, so their validator coerces ("5" → 5); a JSON
 * body says what it means, so its validator does not: null stays null (never 0 or ""), "5" is not
 * a number and true is not "true". A wrong type is a `validation_failed`, never a silent change.
 */
function exactBodyValidators(
  externalSchemas: Parameters<typeof ajvCompilers>[0],
  options: Parameters<typeof ajvCompilers>[1],
) {
  const coercing = ajvCompilers(externalSchemas, options);
  const exact = ajvCompilers(externalSchemas, {
    ...options,
    customOptions: { ...options?.customOptions, coerceTypes: false },
  } as Parameters<typeof ajvCompilers>[1]);
  return (route: Parameters<typeof coercing>[0]) => (route.httpPart === 'body' ? exact : coercing)(route);
}

/** Builds the Fastify app (used by main, the tests and the benchmarks); does not listen. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // A caller's request id is kept when it is sane, so logs can be followed across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : nextRequestId();
    },
    // A per-request child logger costs about as much as a small route; below `info` nothing
    // per-request is logged, so errors carry the request id explicitly (error handler) instead.
    childLoggerFactory: (logger, bindings, childOptions) =>
      PER_REQUEST_LOG_LEVELS.has(logger.level) ? logger.child(bindings, childOptions) : logger,
    // allErrors: every field problem is reported at once, so a form can show them all.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    schemaController: { compilersFactory: { buildValidator: exactBodyValidators } },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Graceful shutdown: once closing, answers to in-flight requests tell keep-alive clients to
  // hang up, so the server can close as soon as they are done instead of at keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // One callback-style hook for both (cheaper per request than several or async ones).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  const { services } = options;
  const webDir = options.webDir === undefined ? webDistDir : options.webDir;
  const spaFallback = webDir ? await registerWebApp(app, webDir) : false;
  await app.register(errorHandlerPlugin, { spaFallback });
  await app.register(authPlugin, { auth: services.auth });
  await app.register(openapiPlugin);
  await app.register(systemRoutes, { system: services.system });
  await app.register(divisionsRoutes, { divisions: services.divisions, compounds: services.compounds });
  await app.register(trustlogRoutes, { trustlog: services.trustlog });
  await app.register(identityRoutes, {
    auth: services.auth,
    accounts: services.accounts,
    deviceKeys: services.deviceKeys,
  });
  await app.register(notifyRoutes, { notify: services.notify });
  await app.register(privacyRoutes, { privacy: services.privacy });
  await app.register(familyRoutes, { family: services.family });
  await app.register(pointsRoutes, { points: services.points, directory: services.directory });
  await app.register(proxyRoutes, { proxy: services.proxy });
  await app.register(avatarRoutes, { avatars: services.avatars });
  await app.register(listingsRoutes, { listings: services.listings, proxy: services.proxy });
  await app.register(matchingRoutes, { matching: services.matching });
  await app.register(exchangesRoutes, { exchanges: services.exchanges, proxy: services.proxy });
  await app.register(reviewsRoutes, { reviews: services.reviews, reputation: services.reputation });
  await app.register(hutsRoutes, { huts: services.huts });
  return app;
}
