import { fromBase64, toBase64 } from './bytes.js';
import { HASH_SIZE } from './merkle.js';

/** C2SP tlog-checkpoint body: origin, size, base64 root hash, then optional extension lines. */
export interface Checkpoint {
  origin: string;
  size: bigint;
  root: Uint8Array;
  extensions: string[];
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function formatCheckpoint(cp: {
  origin: string;
  size: bigint | number;
  root: Uint8Array;
  extensions?: string[];
}): string {
  if (!cp.origin || /\n/.test(cp.origin)) throw new CheckpointError('invalid origin');
  if (cp.root.length !== HASH_SIZE) throw new CheckpointError('root must be 32 bytes');
  return [cp.origin, String(cp.size), toBase64(cp.root), ...(cp.extensions ?? [])]
    .map((l) => `${l}\n`)
    .join('');
}

/** Parses the body of a checkpoint note strictly (sizes as exact decimal bigints). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('checkpoint must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('checkpoint has fewer than three lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!origin) throw new CheckpointError('empty origin');
  if (!/^(0|[1-9][0-9]{0,19})$/.test(sizeText)) throw new CheckpointError('invalid tree size');
  const size = BigInt(sizeText);
  if (size >= 1n << 64n) throw new CheckpointError('tree size out of range');
  let root: Uint8Array;
  try {
    root = fromBase64(rootText);
  } catch {
    throw new CheckpointError('root hash is not base64');
  }
  if (root.length !== HASH_SIZE) throw new CheckpointError('root hash is not 32 bytes');
  if (extensions.some((l) => l === '')) throw new CheckpointError('empty extension line');
  return { origin, size, root, extensions };
}
