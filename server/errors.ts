import { type ErrorCode, ErrorStatus } from '../common/error-codes.js';

/**
 * The one error type services throw. It carries a stable code from common/error-codes.ts and
 * optional details that are safe to show to the caller (they fill the message placeholders).
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.status = ErrorStatus[code];
  }
}

/** Thrown when the process cannot start (bad config, database unreachable, port taken). */
export class StartupError extends Error {
  override name = 'StartupError';
}
