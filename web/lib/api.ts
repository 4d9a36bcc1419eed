import type { ErrorCode } from '../../common/error-codes';
import type { Problem } from '../../common/schemas/problem';
import { i18next } from './i18n';

/** A failed API call: the server's problem document, or a network failure (`code: network`). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    readonly status: number,
    readonly problem?: Problem,
  ) {
    super(problem?.detail ?? code);
  }
}

let csrfToken: string | undefined;

/** The session's CSRF token, echoed on every state-changing request (set from /api/auth/session). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** GET/POST JSON with the active language; problem documents become ApiError. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  let response: Response;
  const { json, ...rest } = init;
  const method = (rest.method ?? 'GET').toUpperCase();
  try {
    response = await fetch(path, {
      ...rest,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      headers: {
        accept: 'application/json',
        'accept-language': i18next.language,
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...rest.headers,
      },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('network', 0);
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    if (type.includes('json')) {
      const problem = (await response.json()) as Problem;
      throw new ApiError(problem.code as ErrorCode, response.status, problem);
    }
    throw new ApiError(response.status >= 500 ? 'internal_error' : 'bad_request', response.status);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
