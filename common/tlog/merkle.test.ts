import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from './bytes.js';
import {
  consistencyRanges,
  foldRight,
  inclusionRanges,
  leafHash,
  naiveRoot,
  nodeHash,
  ProofError,
  perfectSubtrees,
  type Range,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import vectors from './testdata/merkle-rfc6962.json' with { type: 'json' };

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const leaves = vectors.leaf_inputs_hex.map((h) => leafHash(sha256, fromHex(h)));
const root = (n: number) => fromHex(vectors.roots[String(n) as keyof typeof vectors.roots]);

/** Hash of a range by the recursive definition (naiveRoot), memoised per leaf set for speed. */
const memos = new WeakMap<Uint8Array[], Map<string, Uint8Array>>();
function rangeHash(ls: Uint8Array[], r: Range): Uint8Array {
  let memo = memos.get(ls);
  if (!memo) {
    memo = new Map();
    memos.set(ls, memo);
  }
  const key = `${r.start},${r.end}`;
  let h = memo.get(key);
  if (!h) {
    const n = r.end - r.start;
    if (n <= 1) h = naiveRoot(sha256, ls.slice(r.start, r.end));
    else {
      const k = splitPoint(n);
      h = nodeHash(
        sha256,
        rangeHash(ls, { start: r.start, end: r.start + k }),
        rangeHash(ls, { start: r.start + k, end: r.end }),
      );
    }
    memo.set(key, h);
  }
  return h;
}

function flip(h: Uint8Array, bit = 0): Uint8Array {
  const c = h.slice();
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
}

describe('RFC 6962 reference vectors', () => {
  it('reproduces the leaf hashes, the micro cases and every root', () => {
    expect(leaves.map(toHex)).toEqual(vectors.leaf_hashes);
    expect(toHex(leafHash(sha256, utf8('L123456')))).toBe(vectors.micro.leaf_hash_of_ascii_L123456);
    expect(toHex(nodeHash(sha256, utf8('N123'), utf8('N456')))).toBe(
      vectors.micro.node_hash_of_ascii_N123_N456,
    );
    expect(toBase64(leafHash(sha256, utf8('hello world')))).toBe(
      vectors.micro.leaf_hash_of_ascii_hello_world_base64,
    );
    for (let n = 0; n <= 8; n++) expect(toHex(naiveRoot(sha256, leaves.slice(0, n)))).toBe(toHex(root(n)));
    for (const [key, hex] of Object.entries(vectors.nodes)) {
      const [level, index] = key.split(',').map(Number) as [number, number];
      expect(toHex(rangeHash(leaves, { start: index * 2 ** level, end: (index + 1) * 2 ** level }))).toBe(
        hex,
      );
    }
  });

  it.each(vectors.inclusion)(
    'inclusion of $index in $size: generated and verified',
    ({ index, size, proof }) => {
      const generated = inclusionRanges(index, size).map((r) => toHex(rangeHash(leaves, r)));
      expect(generated).toEqual(proof);
      verifyInclusion(sha256, BigInt(index), BigInt(size), leaves[index]!, proof.map(fromHex), root(size));
    },
  );

  it.each(vectors.consistency)(
    'consistency $size1 → $size2: generated and verified',
    ({ size1, size2, proof }) => {
      const generated = consistencyRanges(size1, size2).map((r) => toHex(rangeHash(leaves, r)));
      expect(generated).toEqual(proof);
      verifyConsistency(sha256, BigInt(size1), BigInt(size2), proof.map(fromHex), root(size1), root(size2));
    },
  );
});

describe('negative cases (generated from every valid case)', () => {
  it.each(vectors.inclusion)(
    'rejects tampered inclusion proofs for $index in $size',
    ({ index, size, proof }) => {
      const p = proof.map(fromHex);
      const leaf = leaves[index]!;
      const attempts: [bigint, bigint, Uint8Array[], Uint8Array][] = [
        [BigInt(index + 1), BigInt(size), p, root(size)],
        [BigInt(index - 1), BigInt(size), p, root(size)],
        [BigInt(index), BigInt(size * 2), p, root(size)],
        [BigInt(index), BigInt(Math.floor(size / 2)), p, root(size)],
        [BigInt(index), BigInt(size), [...p, p[0] ?? leaf], root(size)],
        ...(p.length > 0
          ? [
              [BigInt(index), BigInt(size), p.slice(1), root(size)] as [
                bigint,
                bigint,
                Uint8Array[],
                Uint8Array,
              ],
            ]
          : []),
        [BigInt(index), BigInt(size), p, flip(root(size))],
        [BigInt(index), BigInt(size), p, root(size === 8 ? 7 : 8)],
        ...p.map(
          (_, i) =>
            [BigInt(index), BigInt(size), p.map((h, j) => (j === i ? flip(h, 77) : h)), root(size)] as [
              bigint,
              bigint,
              Uint8Array[],
              Uint8Array,
            ],
        ),
      ];
      for (const [i, n, pr, r] of attempts) {
        expect(() => verifyInclusion(sha256, i, n, leaf, pr, r)).toThrow(ProofError);
      }
      expect(() =>
        verifyInclusion(
          sha256,
          BigInt(index),
          BigInt(size),
          leaf,
          [...p.slice(0, -1), new Uint8Array(31)],
          root(size),
        ),
      ).toThrow(/32 bytes/);
    },
  );

  it.each(vectors.consistency)(
    'rejects tampered consistency proofs for $size1 → $size2',
    ({ size1, size2, proof }) => {
      const p = proof.map(fromHex);
      const bad: [number, number, Uint8Array[], Uint8Array, Uint8Array][] = [
        [size1, size2, [...p, leaves[0]!], root(size1), root(size2)],
        [size1, size2, p, flip(root(size1)), root(size2)],
        [size1, size2, p, root(size1), flip(root(size2))],
        ...(size1 !== size2
          ? [
              [size2, size1, p, root(size2), root(size1)] as [
                number,
                number,
                Uint8Array[],
                Uint8Array,
                Uint8Array,
              ],
            ]
          : []),
        ...p.map(
          (_, i) =>
            [size1, size2, p.map((h, j) => (j === i ? flip(h, 5) : h)), root(size1), root(size2)] as [
              number,
              number,
              Uint8Array[],
              Uint8Array,
              Uint8Array,
            ],
        ),
      ];
      if (p.length > 0) bad.push([size1, size2, p.slice(1), root(size1), root(size2)]);
      if (size1 === size2) bad.push([size1, size2, [leaves[0]!], root(size1), root(size2)]);
      else bad.push([size1, size2 * 2, p, root(size1), root(size2)]);
      for (const [a, b, pr, r1, r2] of bad) {
        expect(() => verifyConsistency(sha256, BigInt(a), BigInt(b), pr, r1, r2)).toThrow(ProofError);
      }
    },
  );

  it('treats size 0 as consistent with any tree, only with an empty proof', () => {
    verifyConsistency(sha256, 0n, 8n, [], root(0), root(8));
    expect(() => verifyConsistency(sha256, 0n, 8n, [leaves[0]!], root(0), root(8))).toThrow(ProofError);
  });

  it('verifies exactly beyond 2^53 (a single-leaf proof path at a huge index)', () => {
    const big = 2n ** 60n;
    // Leaf big-1 is the last of a perfect left subtree of size 2^60 plus one more leaf: the proof
    // is the right sibling leaf, then the left subtree root; any wrong length is refused.
    expect(() => verifyInclusion(sha256, big - 1n, big + 1n, leaves[0]!, [leaves[1]!], root(1))).toThrow(
      /expected/,
    );
  });
});

describe('agreement with the naive implementation on random trees', () => {
  const bigLeaves = Array.from({ length: 3000 }, (_, i) => leafHash(sha256, utf8(`entry ${i}`)));
  const prefixRoots: Uint8Array[] = [];

  it('perfect-subtree decomposition gives the same range hash as the recursive definition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 2999 }), (size, rawIndex) => {
        const index = rawIndex % size;
        for (const r of inclusionRanges(index, size)) {
          const parts = perfectSubtrees(r).map(({ level, index: i }) =>
            rangeHash(bigLeaves, { start: i * 2 ** level, end: (i + 1) * 2 ** level }),
          );
          expect(toHex(foldRight(sha256, parts))).toBe(toHex(rangeHash(bigLeaves, r)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every size up to 3000: inclusion and consistency proofs verify', () => {
    for (let n = 0; n <= 3000; n++)
      prefixRoots.push(n === 0 ? naiveRoot(sha256, []) : rangeHash(bigLeaves, { start: 0, end: n }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.nat(),
        (n, m0, i0) => {
          const m = m0 % (n + 1);
          const index = i0 % n;
          const incl = inclusionRanges(index, n).map((r) => rangeHash(bigLeaves, r));
          verifyInclusion(sha256, BigInt(index), BigInt(n), bigLeaves[index]!, incl, prefixRoots[n]!);
          const cons = consistencyRanges(m, n).map((r) => rangeHash(bigLeaves, r));
          verifyConsistency(sha256, BigInt(m), BigInt(n), cons, prefixRoots[m]!, prefixRoots[n]!);
        },
      ),
      { numRuns: 300 },
    );
  });
});

it('base64 helpers are strict', () => {
  expect(() => fromBase64('abc')).toThrow();
  expect(() => fromBase64('ab c=')).toThrow();
  expect(toHex(fromBase64(toBase64(fromHex('00ff10'))))).toBe('00ff10');
});
