import {
  consistencyRanges,
  emptyRoot,
  foldRight,
  inclusionRanges,
  leafHash,
  nodeHash,
  perfectSubtrees,
  type Range,
} from '../../../common/tlog/merkle.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../lib/crypto.js';
import type { NodeRef, TrustLogRepository } from './trustlog.repository.js';

const key = (r: NodeRef) => `${r.level}/${r.index}`;

/**
 * The log's Merkle tree as stored: every perfect subtree (level L, index i covers leaves
 * i·2^L … (i+1)·2^L − 1) once it is complete. Any root or proof is a fold of O(log n) of them,
 * fetched in a single query.
 */
export class StoredTree {
  constructor(private readonly repo: TrustLogRepository) {}

  /** Hashes of the given ranges, reading all the perfect subtrees they need at once. */
  async rangeHashes(ranges: Range[]): Promise<Uint8Array[]> {
    const parts = ranges.map((r) => perfectSubtrees(r));
    const stored = await this.repo.hashes(parts.flat());
    return parts.map((refs) =>
      foldRight(
        sha256,
        refs.map((r) => {
          const h = stored.get(key(r));
          // A missing node means the tree tables are damaged, not that the caller erred.
          if (!h) throw new Error(`log tree node ${key(r)} is missing`);
          return h;
        }),
      ),
    );
  }

  async root(size: number): Promise<Uint8Array> {
    if (size === 0) return emptyRoot(sha256);
    const [root] = await this.rangeHashes([{ start: 0, end: size }]);
    return root!;
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.rangeHashes(inclusionRanges(index, size));
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    return this.rangeHashes(consistencyRanges(from, to));
  }
}

/**
 * Appends leaves after `start`: reads the right edge of the tree (the perfect subtrees covering
 * [0, start), at most log n), then computes every new leaf hash and every subtree the new leaves
 * complete. Returns the rows to store. Pure apart from the one read.
 */
export async function newTreeRows(
  repo: TrustLogRepository,
  start: number,
  entries: readonly Uint8Array[],
): Promise<{ level: number; index: number; hash: Uint8Array }[]> {
  const edgeRefs = start === 0 ? [] : perfectSubtrees({ start: 0, end: start });
  const stored = await repo.hashes(edgeRefs);
  // The right edge as a stack of (level, index, hash), largest subtree first.
  const stack = edgeRefs.map((r) => {
    const h = stored.get(key(r));
    if (!h) throw new AppError('internal_error');
    return { level: r.level, index: r.index, hash: h };
  });
  const rows: { level: number; index: number; hash: Uint8Array }[] = [];
  entries.forEach((bytes, i) => {
    let node = { level: 0, index: start + i, hash: leafHash(sha256, bytes) };
    rows.push(node);
    // Merge while the top of the stack is the left sibling of the new node.
    while (stack.length && stack[stack.length - 1]!.level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(sha256, left.hash, node.hash) };
      rows.push(node);
    }
    stack.push(node);
  });
  return rows;
}
