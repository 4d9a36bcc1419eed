import { fromUtf8, toBase64 } from '../../../common/tlog/bytes.js';
import { formatCheckpoint } from '../../../common/tlog/checkpoint.js';
import { formatNote } from '../../../common/tlog/note.js';
import { formatReceipt } from '../../../common/tlog/receipt.js';
import { encodeBundle, TILE_HEIGHT, TILE_WIDTH } from '../../../common/tlog/tiles.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import type { NoteSigner } from './signing-key.js';
import { StoredTree } from './tree.js';
import { canIssueCheckpoint, canShred } from './trustlog.policy.js';
import { type StoredCheckpoint, TrustLogRepository } from './trustlog.repository.js';
import { addCheckpoint, type WitnessConfig } from './witness-client.js';

export interface TrustLogOptions {
  signer: NoteSigner;
  witnesses: WitnessConfig[];
  /** How often a new checkpoint is signed when the log has grown; 0 turns the schedule off. */
  checkpointIntervalMs: number;
  onWarning?: (message: string, detail?: Record<string, unknown>) => void;
  /** Told when a subject's salt is deleted, so cached pseudonyms are dropped (see LogAppender). */
  onShred?: (subject: string) => void;
}

export interface LogInfo {
  origin: string;
  verifierKey: string;
  witnesses: string[];
  size: number;
  /** The longest an entry waits before a signed checkpoint covers it. */
  maxCheckpointDelayS: number;
}

/**
 * The trust log as a service: signed checkpoints (on a schedule and on demand), witness
 * cosignatures, proofs, receipts and the C2SP tlog-tiles views. Appending is LogAppender's.
 */
export class TrustLogService {
  private readonly repo: TrustLogRepository;
  private readonly tree: StoredTree;
  private issuing: Promise<StoredCheckpoint> | undefined;

  constructor(
    db: Db,
    private readonly options: TrustLogOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new TrustLogRepository(db.kysely, db.dialect);
    this.tree = new StoredTree(this.repo);
  }

  get origin(): string {
    return this.options.signer.name;
  }

  async info(): Promise<LogInfo> {
    return {
      origin: this.origin,
      verifierKey: this.options.signer.verifierKey,
      witnesses: this.options.witnesses.map((w) => w.key.text),
      size: await this.repo.size(),
      maxCheckpointDelayS: this.options.checkpointIntervalMs / 1000,
    };
  }

  size(): Promise<number> {
    return this.repo.size();
  }

  /**
   * Signs a checkpoint for the current size unless the latest already covers it, then asks the
   * witnesses to cosign. Concurrent calls in one process share the work; across processes the
   * same size yields the same bytes (Ed25519 is deterministic) and the insert is idempotent.
   */
  async issueCheckpoint(actor: Actor): Promise<StoredCheckpoint> {
    if (!canIssueCheckpoint(actor)) throw new AppError('forbidden');
    this.issuing ??= this.sign().finally(() => {
      this.issuing = undefined;
    });
    const checkpoint = await this.issuing;
    await this.collectCosignatures(checkpoint);
    return checkpoint;
  }

  private async sign(): Promise<StoredCheckpoint> {
    const size = await this.repo.size();
    const latest = await this.repo.latestCheckpoint();
    if (latest && latest.size >= size) return latest;
    const root = await this.tree.root(size);
    const text = formatCheckpoint({ origin: this.origin, size: BigInt(size), root });
    const checkpoint = {
      size,
      root,
      note: formatNote(text, [this.options.signer.signatureLine(text)]),
      createdAt: this.now(),
    };
    await this.repo.insertCheckpoint(checkpoint);
    return checkpoint;
  }

  /** Asks every configured witness that has not cosigned this checkpoint yet; failures are warnings. */
  async collectCosignatures(checkpoint: StoredCheckpoint): Promise<void> {
    const have = new Set((await this.repo.cosignatures(checkpoint.size)).map((c) => c.witness));
    await Promise.all(
      this.options.witnesses
        .filter((w) => !have.has(w.key.text))
        .map(async (witness) => {
          let old = await this.repo.witnessedSize(witness.key.text);
          for (let attempt = 0; attempt < 2; attempt++) {
            if (old > checkpoint.size) return;
            const proof = await this.tree.consistencyProof(old, checkpoint.size);
            const result = await addCheckpoint(witness, old, proof, checkpoint.note);
            if (result.ok) {
              await this.repo.insertCosignature({
                checkpointSize: checkpoint.size,
                witness: witness.key.text,
                line: result.line,
                signedAt: Number(result.timestamp) * 1000,
              });
              return;
            }
            if (result.status === 409 && result.conflictSize !== undefined) {
              old = result.conflictSize;
              continue;
            }
            this.options.onWarning?.('witness refused or unreachable', {
              witness: witness.key.name,
              status: result.status,
              message: result.message,
            });
            return;
          }
        }),
    );
  }

  /** The latest checkpoint with every cosignature collected, as served at /checkpoint. */
  async currentCheckpoint(): Promise<{ size: number; text: string }> {
    let latest = await this.repo.latestCheckpoint();
    latest ??= await this.sign();
    return { size: latest.size, text: await this.withCosignatures(latest) };
  }

  private async withCosignatures(cp: StoredCheckpoint): Promise<string> {
    const [text] = await this.repo.cosignedNotes([cp]);
    return text!;
  }

  async checkpointHistory(afterSize: number, limit: number): Promise<{ size: number; text: string }[]> {
    const list = await this.repo.checkpoints(afterSize, limit);
    const texts = await this.repo.cosignedNotes(list);
    return list.map((cp, i) => ({ size: cp.size, text: texts[i]! }));
  }

  private async checkSize(size: number): Promise<void> {
    const current = await this.repo.size();
    if (size > current) throw new AppError('log_range', { size, current });
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    if (index >= size) throw new AppError('log_range', { size, current: index });
    await this.checkSize(size);
    return this.tree.inclusionProof(index, size);
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    // A proof runs from an older size to a newer one; the other way round is a malformed request.
    if (from > to) throw new AppError('validation_failed', { field: 'from' });
    await this.checkSize(to);
    return this.tree.consistencyProof(from, to);
  }

  async findLeaf(hash: Uint8Array): Promise<number> {
    const index = await this.repo.findLeaf(hash);
    if (index === undefined) throw new AppError('log_entry_not_found', { index: toBase64(hash) });
    return index;
  }

  async entry(index: number): Promise<{ index: number; kind: string; bytes: Uint8Array; createdAt: number }> {
    const [row] = await this.repo.entries(index, index + 1);
    if (!row) throw new AppError('log_entry_not_found', { index });
    return row;
  }

  /** The newest entries before `before` (default: the end), newest first. */
  async recentEntries(before: number | undefined, limit: number) {
    const size = await this.repo.size();
    const end = Math.min(before ?? size, size);
    const rows = await this.repo.entries(Math.max(0, end - limit), end);
    return { size, items: rows.reverse() };
  }

  /**
   * A C2SP tlog-proof receipt for one entry: the entry itself (as `extra`), its inclusion proof
   * and the newest cosigned checkpoint covering it (signed now if none covers it yet).
   */
  async receipt(index: number): Promise<string> {
    const entry = await this.entry(index);
    let cp = await this.repo.checkpointCovering(index);
    if (!cp) cp = await this.sign();
    const proof = await this.tree.inclusionProof(index, cp.size);
    return formatReceipt({
      extra: entry.bytes,
      index: BigInt(index),
      proof,
      checkpoint: await this.withCosignatures(cp),
    });
  }

  /** A hash tile (C2SP tlog-tiles): width hashes of tree level 8·level from index·256. */
  async hashTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const size = await this.repo.size();
    const nodeLevel = level * TILE_HEIGHT;
    const available = Math.floor(size / 2 ** nodeLevel) - index * TILE_WIDTH;
    if (available < width) throw new AppError('log_entry_not_found', { index: `tile ${level}/${index}` });
    const hashes = await this.repo.hashesAtLevel(nodeLevel, index * TILE_WIDTH, index * TILE_WIDTH + width);
    const out = new Uint8Array(hashes.length * 32);
    for (const [i, h] of hashes.entries()) out.set(h, i * 32);
    return out;
  }

  /** An entry bundle (C2SP tlog-tiles): `width` entries from index·256. */
  async entryBundle(index: number, width: number): Promise<Uint8Array> {
    const size = await this.repo.size();
    if (size - index * TILE_WIDTH < width)
      throw new AppError('log_entry_not_found', { index: `bundle ${index}` });
    const rows = await this.repo.entries(index * TILE_WIDTH, index * TILE_WIDTH + width);
    return encodeBundle(rows.map((r) => r.bytes));
  }

  /** Signs a checkpoint every interval when the log has grown; returns a stop function. */
  startSchedule(actor: Actor): () => void {
    if (this.options.checkpointIntervalMs <= 0) return () => {};
    const timer = setInterval(() => {
      void (async () => {
        const [size, latest] = await Promise.all([this.repo.size(), this.repo.latestCheckpoint()]);
        if (!latest || latest.size < size) await this.issueCheckpoint(actor);
        else await this.collectCosignatures(latest);
      })().catch((error: unknown) =>
        this.options.onWarning?.('scheduled checkpoint failed', { error: (error as Error).message }),
      );
    }, this.options.checkpointIntervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Crypto-shreds a subject: deletes the salt behind its pseudonym, so entries about it can no
   * longer be linked to it. The entries, the tree and every receipt are untouched and still verify.
   */
  async shred(actor: Actor, subject: string): Promise<boolean> {
    if (!canShred(actor)) throw new AppError('forbidden');
    this.options.onShred?.(subject);
    return this.repo.deleteSalt(subject);
  }

  /** Decodes an entry's JSON for display. */
  static parseEntry(bytes: Uint8Array): unknown {
    return JSON.parse(fromUtf8(bytes));
  }
}
