import { Type } from 'typebox';

/**
 * The latest instant any timestamp input may name (2100-01-01 UTC, epoch ms). Bigger numbers are
 * not dates anyone means, and past 2^63 they would not even fit a PostgreSQL bigint.
 */
export const MAX_TIMESTAMP_MS = Date.UTC(2100, 0, 1);

/** An epoch-ms timestamp input, bounded to [0, MAX_TIMESTAMP_MS]. */
export const EpochMs = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 0, maximum: MAX_TIMESTAMP_MS, description: 'Epoch ms', ...options });
