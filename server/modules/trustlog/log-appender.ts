import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { concat, toBase64, utf8 } from '../../../common/tlog/bytes.js';
import { statementMessage } from '../../../common/tlog/statement.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { Batch } from '../../db/write-batcher.js';
import { AppError } from '../../errors.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';
import type { Notifier } from '../notify/notify.service.js';
import { canonicalJson, encodeEntry, type JsonValue, type LogEntryInput } from './log-entry.js';
import { newTreeRows } from './tree.js';
import { TrustLogRepository } from './trustlog.repository.js';

/** Whether a public key is an active device key of an account (the identity module answers). */
export interface DeviceKeyRegistry {
  isActiveKey(trx: Transaction<Database>, accountId: string, publicKey: Uint8Array): Promise<boolean>;
}

export interface AppendedEntry {
  index: number;
  leafHash: Uint8Array;
}

const PSEUDONYM_CACHE_MS = 60_000;
const PSEUDONYM_CACHE_SIZE = 100_000;

/**
 * Appends to the trust log inside the caller's transaction, so an entry exists exactly when the
 * change it records does. This is what other modules depend on (not the whole TrustLogService).
 */
export class LogAppender {
  /** Pseudonyms of subjects seen lately (a transfer names two people; this spares two reads). */
  private readonly pseudonyms = new Map<string, { value: string; at: number }>();
  /** Salts each open transaction inserted itself: not committed yet, so not to be remembered. */
  private readonly insertedIn = new WeakMap<Transaction<Database>, Set<string>>();

  constructor(
    private readonly dialect: DialectName,
    private readonly notifier?: Notifier,
    private readonly deviceKeys?: DeviceKeyRegistry,
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
    if (this.notifier) {
      const notifications = inputs.flatMap((input, i) =>
        input.notify?.length
          ? [
              {
                accountIds: input.notify,
                kind: 'trustlog.entry',
                payload: { index: start + i, kind: input.kind },
              },
            ]
          : [],
      );
      if (notifications.length) await this.notifier.notifyAllInTransaction(trx, notifications);
    }
    return rows.filter((r) => r.level === 0).map((r) => ({ index: r.index, leafHash: r.hash }));
  }

  /**
   * Appends an entry when the write batch it belongs to ends (see WriteBatcher): the entries of
   * all writes in the batch go into the tree in one append, so the log's single lock is held only
   * for that moment. `onAppended` learns the entry's index then, still inside the transaction.
   */
  appendAtBatchEnd(batch: Batch, input: LogEntryInput, onAppended: (index: number) => void): void {
    batch.collect<{ input: LogEntryInput; onAppended: (index: number) => void }>(
      'trustlog.append',
      { input, onAppended },
      async (trx, values) => {
        const entries = await this.append(
          trx,
          values.map((v) => v.input),
        );
        for (const [i, v] of values.entries()) v.onAppended(entries[i]!.index);
      },
    );
  }

  /**
   * Appends a statement that its parties signed on their own devices. Every signature must verify
   * and come from an active device key of the named account; otherwise nothing is appended.
   */
  async appendCoSigned(
    trx: Transaction<Database>,
    input: {
      kind: string;
      v: number;
      statement: { [key: string]: JsonValue };
      signers: { accountId: string; publicKey: Uint8Array; signature: Uint8Array }[];
    },
  ): Promise<AppendedEntry> {
    if (!this.deviceKeys) throw new Error('co-signed statements need the device key registry');
    if (input.signers.length === 0) throw new AppError('invalid_signature');
    const message = statementMessage(input.kind, canonicalJson(input.statement));
    const signatures: { party: string; key: string; sig: string }[] = [];
    for (const signer of input.signers) {
      if (!(await this.deviceKeys.isActiveKey(trx, signer.accountId, signer.publicKey)))
        throw new AppError('invalid_device_key');
      if (!ed25519Verify(signer.publicKey, message, signer.signature))
        throw new AppError('invalid_signature');
      signatures.push({
        party: await this.pseudonym(trx, `account:${signer.accountId}`),
        key: toBase64(signer.publicKey),
        sig: toBase64(signer.signature),
      });
    }
    const [appended] = await this.append(trx, [
      {
        kind: input.kind,
        v: input.v,
        data: { statement: input.statement, signatures },
        notify: input.signers.map((s) => s.accountId),
      },
    ]);
    return appended!;
  }

  /** Deletes a subject's salt inside the caller's transaction (crypto-shredding its pseudonym). */
  async shred(trx: Transaction<Database>, subject: string): Promise<boolean> {
    this.forget(subject);
    return new TrustLogRepository(trx, this.dialect).deleteSalt(subject);
  }

  /**
   * A person's (or any subject's) pseudonym in the log: a salted commitment
   * SHA-256("linli/commitment/v1" ‖ 0 ‖ salt ‖ subject). The salt lives off the log; deleting it
   * (`TrustLogService.shred`) makes every entry about the subject unlinkable while the tree and
   * all receipts still verify.
   */
  async pseudonym(trx: Transaction<Database>, subject: string): Promise<string> {
    const now = this.now();
    const cached = this.pseudonyms.get(subject);
    if (cached && now - cached.at < PSEUDONYM_CACHE_MS) return cached.value;
    const repo = new TrustLogRepository(trx, this.dialect);
    let found = await repo.saltWithAge(subject);
    if (!found) {
      await repo.insertSalt(subject, new Uint8Array(randomBytes(32)), now);
      found = (await repo.saltWithAge(subject))!;
      const inserted = this.insertedIn.get(trx) ?? new Set<string>();
      inserted.add(subject);
      this.insertedIn.set(trx, inserted);
    }
    const value = `p:${toBase64(sha256(concat(utf8('linli/commitment/v1'), new Uint8Array([0]), found.salt, utf8(subject))))}`;
    // A salt this transaction did not insert was committed by another one (neither database
    // shows uncommitted rows of other transactions), so it is remembered; one inserted here may
    // still roll back. Remembered briefly, so a deletion made by another process is seen soon;
    // this process's own deletions (`forget`) are seen at once.
    if (!this.insertedIn.get(trx)?.has(subject)) {
      if (this.pseudonyms.size >= PSEUDONYM_CACHE_SIZE) this.pseudonyms.clear();
      this.pseudonyms.set(subject, { value, at: now });
    }
    return value;
  }

  /** Drops a subject's remembered pseudonym (its salt was deleted). */
  forget(subject: string): void {
    this.pseudonyms.delete(subject);
  }
}
