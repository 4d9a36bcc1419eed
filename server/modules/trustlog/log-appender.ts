import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { concat, toBase64, utf8 } from '../../../common/tlog/bytes.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { sha256 } from '../../lib/crypto.js';
import { encodeEntry, type LogEntryInput } from './log-entry.js';
import { newTreeRows } from './tree.js';
import { TrustLogRepository } from './trustlog.repository.js';

export interface AppendedEntry {
  index: number;
  leafHash: Uint8Array;
}

/**
 * Appends to the trust log inside the caller's transaction, so an entry exists exactly when the
 * change it records does. This is what other modules depend on (not the whole TrustLogService).
 */
export class LogAppender {
  constructor(
    private readonly dialect: DialectName,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends entries in order; indices are consecutive, gap-free and strictly increasing. */
  async append(trx: Transaction<Database>, inputs: LogEntryInput[]): Promise<AppendedEntry[]> {
    if (inputs.length === 0) return [];
    const repo = new TrustLogRepository(trx, this.dialect);
    const at = this.now();
    const encoded = inputs.map((input) => encodeEntry(input, at));
    const start = await repo.reserve(encoded.length);
    const rows = await newTreeRows(
      repo,
      start,
      encoded.map((e) => e.bytes),
    );
    await repo.insertEntries(
      encoded.map((e, i) => ({ index: start + i, kind: e.kind, bytes: e.bytes, createdAt: at })),
    );
    await repo.insertHashes(rows);
    return rows.filter((r) => r.level === 0).map((r) => ({ index: r.index, leafHash: r.hash }));
  }

  /**
   * A person's (or any subject's) pseudonym in the log: a salted commitment
   * SHA-256("linli/commitment/v1" ‖ 0 ‖ salt ‖ subject). The salt lives off the log; deleting it
   * (`TrustLogService.shred`) makes every entry about the subject unlinkable while the tree and
   * all receipts still verify.
   */
  async pseudonym(trx: Transaction<Database>, subject: string): Promise<string> {
    const repo = new TrustLogRepository(trx, this.dialect);
    let salt = await repo.salt(subject);
    if (!salt) {
      await repo.insertSalt(subject, new Uint8Array(randomBytes(32)), this.now());
      salt = (await repo.salt(subject))!;
    }
    return `p:${toBase64(sha256(concat(utf8('linli/commitment/v1'), new Uint8Array([0]), salt, utf8(subject))))}`;
  }
}
