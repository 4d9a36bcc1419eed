import { fromBase64, toBase64 } from './bytes.js';
import { HASH_SIZE } from './merkle.js';

/**
 * A receipt in the C2SP tlog-proof format: that an entry is in the log, provable offline.
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64 of the entry bytes>
 *   index <leaf index>
 *   <inclusion proof hashes, base64, one per line>
 *   <blank line>
 *   <the signed (and cosigned) checkpoint note>
 *
 * Linli puts the entry itself in `extra`, so a receipt is self-contained.
 */
export const RECEIPT_HEADER = 'c2sp.org/tlog-proof@v1';

export interface Receipt {
  extra: Uint8Array | null;
  index: bigint;
  proof: Uint8Array[];
  checkpoint: string;
}

export class ReceiptError extends Error {
  override name = 'ReceiptError';
}

export function formatReceipt(r: Receipt): string {
  const lines = [RECEIPT_HEADER];
  if (r.extra) lines.push(`extra ${toBase64(r.extra)}`);
  lines.push(`index ${r.index}`);
  for (const h of r.proof) lines.push(toBase64(h));
  return `${lines.join('\n')}\n\n${r.checkpoint}`;
}

export function parseReceipt(text: string): Receipt {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new ReceiptError('receipt has no checkpoint');
  const lines = text.slice(0, split).split('\n');
  const checkpoint = text.slice(split + 2);
  if (lines[0] !== RECEIPT_HEADER) throw new ReceiptError(`not a ${RECEIPT_HEADER} receipt`);
  let i = 1;
  let extra: Uint8Array | null = null;
  try {
    if (lines[i]?.startsWith('extra ')) extra = fromBase64(lines[i++]!.slice(6));
    const indexLine = /^index (0|[1-9][0-9]{0,19})$/.exec(lines[i++] ?? '');
    if (!indexLine) throw new ReceiptError('missing or invalid index line');
    const proof = lines.slice(i).map((l) => fromBase64(l));
    if (proof.some((h) => h.length !== HASH_SIZE)) throw new ReceiptError('proof hash is not 32 bytes');
    return { extra, index: BigInt(indexLine[1]!), proof, checkpoint };
  } catch (error) {
    if (error instanceof ReceiptError) throw error;
    throw new ReceiptError('receipt is not valid base64');
  }
}
