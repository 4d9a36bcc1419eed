import { decodeBundle, entriesPath, TILE_WIDTH, tilePath } from '../../../common/tlog/tiles.js';
import type { Db } from '../../db/database.js';
import type { LogSource } from './log-verifier.js';
import { TrustLogRepository } from './trustlog.repository.js';

/** Reads a log straight from its database (an operator's own copy, or a backup). */
export function databaseSource(db: Db): LogSource {
  const repo = new TrustLogRepository(db.kysely, db.dialect);
  return {
    size: () => repo.size(),
    checkpoints: async () => {
      const out: string[] = [];
      for (let after = -1; ; ) {
        const page = await repo.checkpoints(after, 1000);
        if (page.length === 0) return out;
        out.push(...(await repo.cosignedNotes(page)));
        after = page[page.length - 1]!.size;
      }
    },
    entries: async (from, to) => (await repo.entries(from, to)).map((e) => e.bytes),
    leafHashes: (from, to) => repo.hashesAtLevel(0, from, to),
  };
}

/** Reads a log from a Linli server the way any tlog client would: checkpoints and tiles. */
export function httpSource(baseUrl: string): LogSource {
  const base = `${baseUrl.replace(/\/$/, '')}/api/log`;
  const get = async (path: string) => {
    const res = await fetch(`${base}/${path}`);
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return res;
  };
  let cachedSize: number | undefined;
  /** Reads whole and partial tiles covering [from, to) and returns the items in that range. */
  async function tiled(
    from: number,
    to: number,
    path: (n: number, w: number) => string,
    split: (b: Uint8Array) => Uint8Array[],
  ) {
    const size = cachedSize ?? 0;
    const out: Uint8Array[] = [];
    for (let n = Math.floor(from / TILE_WIDTH); n * TILE_WIDTH < to; n++) {
      const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
      const items = split(new Uint8Array(await (await get(path(n, width))).arrayBuffer()));
      for (let i = 0; i < items.length; i++) {
        const index = n * TILE_WIDTH + i;
        if (index >= from && index < to) out.push(items[i]!);
      }
    }
    return out;
  }
  return {
    size: async () => {
      const info = (await (await get('info')).json()) as { size: number };
      cachedSize = info.size;
      return info.size;
    },
    checkpoints: async () => {
      const out: string[] = [];
      for (let after = -1; ; ) {
        const page = (await (await get(`checkpoints?after=${after}&limit=1000`)).json()) as {
          items: { size: number; text: string }[];
        };
        if (page.items.length === 0) return out;
        out.push(...page.items.map((i) => i.text));
        after = page.items[page.items.length - 1]!.size;
      }
    },
    entries: (from, to) => tiled(from, to, (n, w) => entriesPath(n, w), decodeBundle),
    leafHashes: (from, to) =>
      tiled(
        from,
        to,
        (n, w) => tilePath(0, n, w),
        (b) => Array.from({ length: b.length / 32 }, (_, i) => b.slice(i * 32, i * 32 + 32)),
      ),
  };
}
