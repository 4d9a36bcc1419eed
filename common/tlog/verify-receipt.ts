import { fromUtf8 } from './bytes.js';
import { type Checkpoint, parseCheckpoint } from './checkpoint.js';
import { leafHash, type Sha256, verifyInclusion } from './merkle.js';
import {
  type Ed25519Verify,
  parseNote,
  type VerifierKey,
  verifyCosignature,
  verifyNoteSignature,
} from './note.js';
import { parseReceipt } from './receipt.js';
import { checkEntrySignatures } from './statement.js';

export interface ReceiptPolicy {
  logKey: VerifierKey;
  witnesses: VerifierKey[];
  /** How many of `witnesses` must have cosigned (k of n). */
  minWitnesses: number;
}

export interface ReceiptVerdict {
  ok: boolean;
  /** Why not, when !ok. */
  reason?: string;
  index?: bigint;
  checkpoint?: Checkpoint;
  /** Names of the witnesses whose cosignatures verified, with their timestamps (s). */
  cosignedBy: { name: string; timestamp: bigint }[];
  /** The entry as recorded, when the receipt carries it. */
  entry?: unknown;
}

/**
 * Checks a C2SP tlog-proof receipt offline against a witness policy: the log's signature on the
 * checkpoint, at least k valid witness cosignatures, and the entry's inclusion in that tree.
 * Shared by `linli log verify-receipt` and the browser (which passes WebCrypto's Ed25519).
 */
export async function verifyReceipt(
  text: string,
  policy: ReceiptPolicy,
  sha256: Sha256,
  ed25519: Ed25519Verify,
  /** RFC 8785 serialiser; with it, device signatures of co-signed statements are checked too. */
  canonical?: (value: unknown) => string,
): Promise<ReceiptVerdict> {
  const cosignedBy: ReceiptVerdict['cosignedBy'] = [];
  try {
    const receipt = parseReceipt(text);
    const note = parseNote(receipt.checkpoint);
    const checkpoint = parseCheckpoint(note.text);
    if (checkpoint.origin !== policy.logKey.name)
      return {
        ok: false,
        reason: `checkpoint is for log ${checkpoint.origin}, not ${policy.logKey.name}`,
        cosignedBy,
      };
    if (!(await verifyNoteSignature(note, policy.logKey, ed25519)))
      return { ok: false, reason: 'checkpoint signature is not valid for the log key', cosignedBy };
    for (const witness of policy.witnesses) {
      const timestamp = await verifyCosignature(note, witness, ed25519);
      if (timestamp !== null) cosignedBy.push({ name: witness.name, timestamp });
    }
    if (cosignedBy.length < policy.minWitnesses) {
      return {
        ok: false,
        reason: `only ${cosignedBy.length} of the required ${policy.minWitnesses} witnesses cosigned`,
        cosignedBy,
        checkpoint,
      };
    }
    if (!receipt.extra)
      return { ok: false, reason: 'receipt does not carry the entry', cosignedBy, checkpoint };
    verifyInclusion(
      sha256,
      receipt.index,
      checkpoint.size,
      leafHash(sha256, receipt.extra),
      receipt.proof,
      checkpoint.root,
    );
    let entry: unknown;
    try {
      entry = JSON.parse(fromUtf8(receipt.extra));
    } catch {
      entry = undefined;
    }
    // A co-signed statement must also carry valid device signatures of its parties.
    if (canonical && entry !== undefined) {
      const problems = await checkEntrySignatures(entry, canonical, ed25519);
      if (problems.length)
        return {
          ok: false,
          reason: problems.join('; '),
          index: receipt.index,
          checkpoint,
          cosignedBy,
          entry,
        };
    }
    return { ok: true, index: receipt.index, checkpoint, cosignedBy, entry };
  } catch (error) {
    return { ok: false, reason: (error as Error).message, cosignedBy };
  }
}
