import { equalBytes, fromUtf8, toBase64 } from '../../../common/tlog/bytes.js';
import { parseCheckpoint } from '../../../common/tlog/checkpoint.js';
import { emptyRoot, leafHash, nodeHash } from '../../../common/tlog/merkle.js';
import {
  parseNote,
  type VerifierKey,
  verifyCosignature,
  verifyNoteSignature,
} from '../../../common/tlog/note.js';
import { checkEntrySignatures } from '../../../common/tlog/statement.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';
import type { ProgressFn } from '../../lib/progress.js';
import { canonicalJson } from './log-entry.js';

/** Where a whole-log verification reads from: the database, or a server over HTTP. */
export interface LogSource {
  size(): Promise<number>;
  /** Signed checkpoints (with cosignatures), any order. */
  checkpoints(): Promise<string[]>;
  entries(from: number, to: number): Promise<Uint8Array[]>;
  /** The leaf hashes the source stores or serves for [from, to). */
  leafHashes(from: number, to: number): Promise<Uint8Array[]>;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  checkpoints: number;
  /** Witness name → number of checkpoints it validly cosigned. */
  cosignatures: Record<string, number>;
  /** The first entry whose bytes do not match its stored leaf hash. */
  firstBadIndex?: number;
  problems: string[];
}

const BATCH = 8192;
const SIGNATURES_MARK = Buffer.from('"signatures":');

/**
 * Verifies a whole log: every entry against its leaf hash, every checkpoint's signature and
 * cosignatures, and that every checkpoint's root is the root of the entries up to its size (so
 * they are mutually consistent). Streams entries, keeping only the tree's right edge in memory.
 */
export async function verifyLog(
  source: LogSource,
  keys: { log: VerifierKey; witnesses: VerifierKey[] },
  onProgress: ProgressFn = () => {},
): Promise<VerifyReport> {
  const problems: string[] = [];
  const cosignatures: Record<string, number> = {};
  const bySize = new Map<number, Uint8Array>();
  const texts = await source.checkpoints();
  for (const text of texts) {
    try {
      const note = parseNote(text);
      const cp = parseCheckpoint(note.text);
      if (!(await verifyNoteSignature(note, keys.log, ed25519Verify))) {
        problems.push(`checkpoint at size ${cp.size}: signature is not valid for ${keys.log.name}`);
        continue;
      }
      for (const w of keys.witnesses) {
        if ((await verifyCosignature(note, w, ed25519Verify)) !== null)
          cosignatures[w.name] = (cosignatures[w.name] ?? 0) + 1;
      }
      const size = Number(cp.size);
      const seen = bySize.get(size);
      if (seen && !equalBytes(seen, cp.root))
        problems.push(`two checkpoints at size ${size} with different roots (a fork)`);
      bySize.set(size, cp.root);
    } catch (error) {
      problems.push(`malformed checkpoint: ${(error as Error).message}`);
    }
  }
  const size = await source.size();
  const stack: { level: number; hash: Uint8Array }[] = [];
  const rootOfPrefix = () => {
    if (stack.length === 0) return emptyRoot(sha256);
    let acc = stack[stack.length - 1]!.hash;
    for (let i = stack.length - 2; i >= 0; i--) acc = nodeHash(sha256, stack[i]!.hash, acc);
    return acc;
  };
  let firstBadIndex: number | undefined;
  let lastGoodCheckpoint = 0;
  const checkAt = (n: number) => {
    const expected = bySize.get(n);
    if (!expected) return;
    if (!equalBytes(rootOfPrefix(), expected)) {
      problems.push(
        `checkpoint at size ${n} does not match the entries: an entry in [${lastGoodCheckpoint}, ${n}) was altered or removed`,
      );
    } else lastGoodCheckpoint = n;
  };
  checkAt(0);
  for (let from = 0; from < size; from += BATCH) {
    const to = Math.min(size, from + BATCH);
    const [entries, stored] = await Promise.all([source.entries(from, to), source.leafHashes(from, to)]);
    if (entries.length !== to - from) {
      problems.push(`entries ${from}..${to - 1}: ${to - from - entries.length} missing`);
      break;
    }
    for (let i = 0; i < entries.length; i++) {
      const index = from + i;
      const leaf = leafHash(sha256, entries[i]!);
      if (firstBadIndex === undefined && stored[i] && !equalBytes(leaf, stored[i]!)) {
        firstBadIndex = index;
        problems.push(
          `entry ${index} does not match its leaf hash (stored ${toBase64(stored[i]!)}): it was altered`,
        );
      }
      // Co-signed statements: check the parties' device signatures too (rare; found by a byte scan).
      if (
        Buffer.from(entries[i]!.buffer, entries[i]!.byteOffset, entries[i]!.byteLength).includes(
          SIGNATURES_MARK,
        )
      ) {
        const found = await checkEntrySignatures(
          JSON.parse(fromUtf8(entries[i]!)),
          canonicalJson,
          ed25519Verify,
        );
        for (const p of found) problems.push(`entry ${index}: ${p}`);
      }
      let node = { level: 0, hash: leaf };
      while (stack.length && stack[stack.length - 1]!.level === node.level) {
        const left = stack.pop()!;
        node = { level: node.level + 1, hash: nodeHash(sha256, left.hash, node.hash) };
      }
      stack.push(node);
      checkAt(index + 1);
    }
    onProgress(to, size, 'entries');
  }
  const beyond = [...bySize.keys()].filter((n) => n > size);
  if (beyond.length)
    problems.push(
      `checkpoints at sizes ${beyond.join(', ')} are beyond the log (${size}): entries were removed`,
    );
  return {
    ok: problems.length === 0,
    size,
    checkpoints: bySize.size,
    cosignatures,
    ...(firstBadIndex !== undefined ? { firstBadIndex } : {}),
    problems,
  };
}
