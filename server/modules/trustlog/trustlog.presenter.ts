import type { LogEntryView } from '../../../common/schemas/trustlog.js';
import { toBase64 } from '../../../common/tlog/bytes.js';
import { leafHash } from '../../../common/tlog/merkle.js';
import { sha256 } from '../../lib/crypto.js';
import { TrustLogService } from './trustlog.service.js';

export function presentEntry(row: {
  index: number;
  kind: string;
  bytes: Uint8Array;
  createdAt: number;
}): LogEntryView {
  return {
    index: row.index,
    kind: row.kind,
    createdAt: row.createdAt,
    leafHash: toBase64(leafHash(sha256, row.bytes)),
    entry: TrustLogService.parseEntry(row.bytes),
  };
}

export const presentHashes = (hashes: Uint8Array[]): string[] => hashes.map(toBase64);
