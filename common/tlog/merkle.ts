import { concat, equalBytes } from './bytes.js';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification. Pure and shared by the
 * server, the CLI and the browser; the SHA-256 implementation is passed in (node:crypto on the
 * server, a JS one in the browser). Sizes and indices are bigints in the verifiers, so indices
 * beyond 2^53 are handled exactly.
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

export const HASH_SIZE = 32;
const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);

export class ProofError extends Error {
  override name = 'ProofError';
}

export function leafHash(sha256: Sha256, entry: Uint8Array): Uint8Array {
  return sha256(concat(LEAF_PREFIX, entry));
}

export function nodeHash(sha256: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(NODE_PREFIX, left, right));
}

/** The root of an empty tree: SHA-256 of the empty string. */
export function emptyRoot(sha256: Sha256): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** Largest power of two strictly less than n (n ≥ 2): RFC 6962's split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The straightforward recursive MTH of RFC 6962 §2.1; the reference the stored tree is tested against. */
export function naiveRoot(sha256: Sha256, leafHashes: readonly Uint8Array[]): Uint8Array {
  const n = leafHashes.length;
  if (n === 0) return emptyRoot(sha256);
  if (n === 1) return leafHashes[0]!;
  const k = splitPoint(n);
  return nodeHash(sha256, naiveRoot(sha256, leafHashes.slice(0, k)), naiveRoot(sha256, leafHashes.slice(k)));
}

/** A subtree [start, end) whose hash a proof needs, in proof order. */
export interface Range {
  start: number;
  end: number;
}

/**
 * The subtrees whose hashes make the inclusion proof of leaf `index` in a tree of `size` leaves
 * (RFC 6962 PATH), bottom-up. The caller resolves each to a hash (see `rangeHash`).
 */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(index >= 0 && index < size)) throw new ProofError(`index ${index} is not in a tree of size ${size}`);
  const out: Range[] = [];
  const path = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, start, start + k);
      out.push({ start: start + k, end });
    } else {
      path(m - k, start + k, end);
      out.push({ start, end: start + k });
    }
  };
  path(index, 0, size);
  return out;
}

/** The subtrees whose hashes make the consistency proof from size m to size n (RFC 6962 SUBPROOF). */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m <= n)) throw new ProofError(`cannot prove size ${m} consistent with size ${n}`);
  if (m === 0 || m === n) return [];
  const out: Range[] = [];
  const subproof = (mm: number, start: number, end: number, complete: boolean) => {
    const size = end - start;
    if (mm === size) {
      if (!complete) out.push({ start, end });
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      subproof(mm, start, start + k, complete);
      out.push({ start: start + k, end });
    } else {
      subproof(mm - k, start + k, end, false);
      out.push({ start, end: start + k });
    }
  };
  subproof(m, 0, n, true);
  return out;
}

/**
 * Splits [start, end) into perfect, aligned subtrees (level, index) from left to right; the hash
 * of the range is these folded from the right. Every range an RFC 6962 proof asks for is aligned
 * so, which is what lets a store keep only perfect subtrees and answer in O(log n) reads.
 */
export function perfectSubtrees(range: Range): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  let start = range.start;
  while (start < range.end) {
    let level = 0;
    while (start % 2 ** (level + 1) === 0 && start + 2 ** (level + 1) <= range.end) level++;
    out.push({ level, index: start / 2 ** level });
    start += 2 ** level;
  }
  return out;
}

/** Folds perfect-subtree hashes (left to right) into the hash of the range they cover. */
export function foldRight(sha256: Sha256, hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) throw new ProofError('empty range');
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(sha256, hashes[i]!, acc);
  return acc;
}

function checkHashes(proof: readonly Uint8Array[]) {
  for (const h of proof) if (h.length !== HASH_SIZE) throw new ProofError('proof hash is not 32 bytes');
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * RFC 9162 §2.1.3.2: verifies that `leaf` is at `index` in the tree of `size` with `root`.
 * Throws ProofError with the reason; the proof must have exactly the right length.
 */
export function verifyInclusion(
  sha256: Sha256,
  index: bigint,
  size: bigint,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  if (index < 0n || index >= size) throw new ProofError(`index ${index} is not in a tree of size ${size}`);
  if (leaf.length !== HASH_SIZE || root.length !== HASH_SIZE) throw new ProofError('hash is not 32 bytes');
  checkHashes(proof);
  // Expected length: the inner part (where the paths to index and size-1 diverge) plus the
  // border part (ones in the index above that).
  const inner = bitLength(index ^ (size - 1n));
  let border = 0;
  for (let v = index >> BigInt(inner); v > 0n; v >>= 1n) border += Number(v & 1n);
  if (proof.length !== inner + border) {
    throw new ProofError(`inclusion proof has ${proof.length} hashes, expected ${inner + border}`);
  }
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new ProofError('inclusion proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(sha256, p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(sha256, r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError('inclusion proof is too short');
  if (!equalBytes(r, root)) throw new ProofError('inclusion proof does not lead to the root');
}

/**
 * RFC 9162 §2.1.4.2: verifies that the tree of size1 with root1 is a prefix of the tree of size2
 * with root2. Size 0 is consistent with anything, and only with an empty proof.
 */
export function verifyConsistency(
  sha256: Sha256,
  size1: bigint,
  size2: bigint,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  if (size1 < 0n || size2 < 0n) throw new ProofError('negative size');
  if (size1 > size2) throw new ProofError(`size ${size1} is larger than ${size2}`);
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) throw new ProofError('hash is not 32 bytes');
  checkHashes(proof);
  if (size1 === size2) {
    if (proof.length !== 0) throw new ProofError('equal sizes need an empty proof');
    if (!equalBytes(root1, root2)) throw new ProofError('equal sizes with different roots');
    return;
  }
  if (size1 === 0n) {
    if (proof.length !== 0) throw new ProofError('consistency from size 0 needs an empty proof');
    return;
  }
  if (proof.length === 0) throw new ProofError('empty consistency proof');
  let path = [...proof];
  // If size1 is a power of two, root1 is itself a node of the second tree: prepend it.
  if ((size1 & (size1 - 1n)) === 0n) path = [root1, ...path];
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) throw new ProofError('consistency proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(sha256, c, fr);
      sr = nodeHash(sha256, c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sha256, sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError('consistency proof is too short');
  if (!equalBytes(fr, root1)) throw new ProofError('consistency proof does not match the old root');
  if (!equalBytes(sr, root2)) throw new ProofError('consistency proof does not match the new root');
}
