import type { LogInfo } from '../../../../common/schemas/trustlog';
import { equalBytes, fromBase64, toHex } from '../../../../common/tlog/bytes';
import { type Checkpoint, parseCheckpoint } from '../../../../common/tlog/checkpoint';
import { verifyConsistency } from '../../../../common/tlog/merkle';
import {
  parseNote,
  parseVerifierKey,
  verifyCosignature,
  verifyNoteSignature,
} from '../../../../common/tlog/note';
import { apiFetch } from '../../../lib/api';
import { ed25519Verify, sha256 } from './browser-crypto';
import { loadTrustState, saveTrustState } from './trust-state';

export interface WitnessStatus {
  name: string;
  /** Cosignature time (seconds), or null when this witness has not (validly) cosigned. */
  timestamp: bigint | null;
}

export interface LogCheck {
  checkpoint: Checkpoint;
  checkpointText: string;
  shortRoot: string;
  logKey: string;
  signatureValid: boolean;
  /** The log key differs from the one this browser saw first. */
  keyChanged: boolean;
  witnesses: WitnessStatus[];
  consistency: { status: 'first_visit' | 'consistent' | 'inconsistent'; previous?: string; reason?: string };
}

/**
 * Fetches the current checkpoint and checks it here, in the browser: the log's signature, each
 * witness's cosignature, and that it extends the checkpoint this browser saw last (consistency
 * proof verified locally). Only a consistent, validly signed checkpoint replaces the stored one.
 */
export async function checkLog(): Promise<LogCheck> {
  const [info, checkpointText] = await Promise.all([
    apiFetch<LogInfo>('/api/log/info'),
    fetch('/api/log/checkpoint', { headers: { accept: 'text/plain' } }).then((r) => r.text()),
  ]);
  const state = loadTrustState();
  const logKey = state?.logKey ?? info.verifierKey;
  const witnessKeys = state?.witnessKeys.length ? state.witnessKeys : info.witnesses;
  const note = parseNote(checkpointText);
  const checkpoint = parseCheckpoint(note.text);
  const signatureValid = await verifyNoteSignature(note, parseVerifierKey(sha256, logKey), ed25519Verify);
  const witnesses: WitnessStatus[] = [];
  for (const w of witnessKeys) {
    const key = parseVerifierKey(sha256, w);
    witnesses.push({ name: key.name, timestamp: await verifyCosignature(note, key, ed25519Verify) });
  }
  let consistency: LogCheck['consistency'] = { status: 'first_visit' };
  const previousText = state?.lastCheckpoint ?? null;
  if (previousText) {
    const previous = parseCheckpoint(parseNote(previousText).text);
    try {
      if (previous.origin !== checkpoint.origin) throw new Error('origin');
      if (previous.size > checkpoint.size) throw new Error('shrunk');
      if (previous.size === checkpoint.size) {
        if (!equalBytes(previous.root, checkpoint.root)) throw new Error('fork');
      } else {
        const proof = await apiFetch<{ proof: string[] }>(
          `/api/log/proof/consistency?from=${previous.size}&to=${checkpoint.size}`,
        );
        verifyConsistency(
          sha256,
          previous.size,
          checkpoint.size,
          proof.proof.map(fromBase64),
          previous.root,
          checkpoint.root,
        );
      }
      consistency = { status: 'consistent', previous: previousText };
    } catch (error) {
      consistency = { status: 'inconsistent', previous: previousText, reason: (error as Error).message };
    }
  }
  const keep = signatureValid && consistency.status !== 'inconsistent';
  saveTrustState({ logKey, witnessKeys, lastCheckpoint: keep ? checkpointText : previousText });
  return {
    checkpoint,
    checkpointText,
    shortRoot: toHex(checkpoint.root)
      .slice(0, 16)
      .replace(/(.{4})(?!$)/g, '$1 '),
    logKey,
    signatureValid,
    keyChanged: logKey !== info.verifierKey,
    witnesses,
    consistency,
  };
}
