import { createRequire } from 'node:module';
import { utf8 } from '../../../common/tlog/bytes.js';

// RFC 8785 (JCS) by one of its authors; a CommonJS function export, whose bundled types
// declare an ES default export, so it is loaded through require to keep both honest.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/**
 * What the log records. Every entry has a `kind` (what happened) and a version `v` of that kind's
 * shape, the time, and kind-specific `data`. People never appear in clear: only as pseudonyms
 * (salted commitments, see TrustLogService.pseudonym), and personal fields only as commitments.
 * A correction or cancellation is a new entry whose `refs` name the earlier indices.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface LogEntryInput {
  kind: string;
  v: number;
  data: { [key: string]: JsonValue };
  refs?: number[];
  /** Accounts the entry is about: told in-app (same transaction) that it was appended. Not logged. */
  notify?: string[];
}

/** RFC 8785 canonical JSON text. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value is not serialisable');
  return text;
}

export interface EncodedEntry {
  kind: string;
  /** RFC 8785 canonical JSON, UTF-8: the exact bytes that are hashed into the tree. */
  bytes: Uint8Array;
}

const KIND = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
export const MAX_ENTRY_BYTES = 0xffff;

/** Encodes an entry deterministically; throws on a malformed kind or an oversized entry. */
export function encodeEntry(input: LogEntryInput, at: number): EncodedEntry {
  if (!KIND.test(input.kind)) throw new Error(`log entry kind "${input.kind}" must look like module.event`);
  if (!Number.isInteger(input.v) || input.v < 1)
    throw new Error('log entry version must be a positive integer');
  const body = {
    kind: input.kind,
    v: input.v,
    at,
    data: input.data,
    ...(input.refs?.length ? { refs: input.refs } : {}),
  };
  const bytes = utf8(canonicalJson(body));
  if (bytes.length > MAX_ENTRY_BYTES) throw new Error('log entry larger than 64 KiB');
  return { kind: input.kind, bytes };
}
