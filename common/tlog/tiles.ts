/**
 * C2SP tlog-tiles paths. Hash tiles are 256 hashes wide (height 8): tile (L, N) holds the tree
 * nodes at level 8·L with indices N·256 … N·256+255; a partial tile `.p/W` has the first W. Entry
 * bundles hold 256 entries, each as a big-endian uint16 length and the bytes.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** N as path elements: 1234067 → x001/x234/067. */
export function encodeTileIndex(n: bigint | number): string {
  const digits = String(n);
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = padded.match(/.{3}/g)!;
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** Parses `x001/x234/067` (and `.p/W`) back; null when the path is not canonical. */
export function decodeTilePath(path: string): { index: number; width: number } | null {
  const m = /^((?:x\d{3}\/)*)(\d{3})(?:\.p\/(\d{1,3}))?$/.exec(path);
  if (!m) return null;
  const groups = [
    ...(m[1] ?? '')
      .split('/')
      .filter(Boolean)
      .map((g) => g.slice(1)),
    m[2]!,
  ];
  if (groups.length > 1 && groups[0] === '000') return null;
  const index = Number(groups.join(''));
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (!Number.isSafeInteger(index) || width < 1 || width >= TILE_WIDTH + (m[3] === undefined ? 1 : 0))
    return null;
  if (m[3] !== undefined && String(width) !== m[3]) return null;
  return { index, width };
}

export function tilePath(level: number, index: number, width = TILE_WIDTH): string {
  return `tile/${level}/${encodeTileIndex(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

export function entriesPath(index: number, width = TILE_WIDTH): string {
  return `tile/entries/${encodeTileIndex(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

export function encodeBundle(entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.reduce((n, e) => n + 2 + e.length, 0));
  let o = 0;
  for (const e of entries) {
    if (e.length > 0xffff) throw new RangeError('entry larger than 64 KiB');
    out[o++] = e.length >> 8;
    out[o++] = e.length & 0xff;
    out.set(e, o);
    o += e.length;
  }
  return out;
}

export function decodeBundle(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  while (o < bytes.length) {
    if (o + 2 > bytes.length) throw new RangeError('truncated entry bundle');
    const n = (bytes[o]! << 8) | bytes[o + 1]!;
    o += 2;
    if (o + n > bytes.length) throw new RangeError('truncated entry bundle');
    out.push(bytes.slice(o, o + n));
    o += n;
  }
  return out;
}
