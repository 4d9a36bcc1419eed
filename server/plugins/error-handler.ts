import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { type ErrorCode, ErrorStatus, isErrorCode } from '../../common/error-codes.js';
import { errorMessages } from '../../common/i18n/errors.js';
import type { Problem } from '../../common/schemas/problem.js';
import { AppError } from '../errors.js';
import { localeFromAcceptLanguage } from '../lib/locale.js';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds an RFC 9457 problem document in the caller's language. */
export function problemFor(
  request: FastifyRequest,
  code: ErrorCode,
  details: Record<string, string | number> = {},
  errors?: Problem['errors'],
): Problem {
  const status = ErrorStatus[code];
  const locale = localeFromAcceptLanguage(request.headers['accept-language']);
  const detail = errorMessages[locale][code].replace(/\{\{(\w+)\}\}/g, (_, key: string) =>
    String(details[key] ?? ''),
  );
  return {
    type: `/api/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(errors ? { errors } : {}),
    ...(Object.keys(details).length ? { details } : {}),
  };
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem));
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) by their codes. */
function codeForFastifyError(error: FastifyError): ErrorCode {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    default:
      return error.statusCode === 404
        ? 'not_found'
        : error.statusCode === 405
          ? 'method_not_allowed'
          : 'bad_request';
  }
}

/**
 * One error handler for the whole API: AppError → its code; schema failures → validation_failed
 * with field paths; Fastify's client errors → their codes; anything else → internal_error with
 * the internals hidden from the caller and logged with the request id.
 */
export const errorHandlerPlugin = fp(async (app: FastifyInstance, opts: { spaFallback: boolean }) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, problemFor(request, error.code, error.details));
    }
    if (error.validation) {
      const errors = error.validation.map((v) => {
        const base = `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`;
        const missing = (v.params as { missingProperty?: string }).missingProperty;
        const extra = (v.params as { additionalProperty?: string }).additionalProperty;
        const path = missing ? `${base}.${missing}` : extra ? `${base}.${extra}` : base;
        return { path, message: v.message ?? 'invalid' };
      });
      return sendProblem(reply, problemFor(request, 'validation_failed', {}, errors));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = isErrorCode(error.code ?? '') ? (error.code as ErrorCode) : codeForFastifyError(error);
      return sendProblem(reply, problemFor(request, code));
    }
    request.log.error({ err: error, reqId: request.id }, 'unhandled error');
    return sendProblem(reply, problemFor(request, status === 503 ? 'service_unavailable' : 'internal_error'));
  });

  // Unknown API paths are problems; other GETs are client-side routes of the web app.
  // Every route's method and pattern, so a known path asked with another method is told which
  // methods it has (405 with Allow) instead of "no such route".
  const known = FindMyWay();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || known.hasRoute(method as HTTPMethod, route.url)) continue;
      known.on(method as HTTPMethod, route.url, () => {});
    }
  });
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = path === '/api' || path.startsWith('/api/');
    const allowed = isApi ? methods.filter((m) => known.find(m, path) !== null) : [];
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, problemFor(request, 'method_not_allowed'));
    }
    if (opts.spaFallback && !isApi && request.method === 'GET' && !/\.\w+$/.test(path)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, problemFor(request, isApi ? 'route_not_found' : 'not_found'));
  });
});
