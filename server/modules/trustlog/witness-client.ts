import { toBase64 } from '../../../common/tlog/bytes.js';
import {
  COSIGNATURE_V1,
  parseNote,
  parseVerifierKey,
  type VerifierKey,
  verifyCosignature,
} from '../../../common/tlog/note.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';

/** A witness this log asks to cosign: its cosignature key and its tlog-witness URL. */
export interface WitnessConfig {
  key: VerifierKey;
  url: string;
}

/** Parses `vkey@url` entries separated by commas or whitespace (LINLI_WITNESSES). */
export function parseWitnesses(text: string | undefined): WitnessConfig[] {
  if (!text?.trim()) return [];
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((item) => {
      const m = /^([^+@\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+)@(https?:\/\/\S+)$/.exec(item);
      if (!m) throw new Error(`witness "${item}" must be vkey@http(s)://host:port`);
      const key = parseVerifierKey(sha256, m[1]!);
      if (key.type !== COSIGNATURE_V1)
        throw new Error(`witness key ${key.name} is not a cosignature (type 0x04) key`);
      return { key, url: m[2]!.replace(/\/$/, '') };
    });
}

export type AddCheckpointResult =
  | { ok: true; line: string; timestamp: bigint }
  | { ok: false; conflictSize?: number; status: number; message: string };

/**
 * C2SP tlog-witness add-checkpoint: sends `old <size>`, the consistency proof and the signed
 * checkpoint; the witness answers with its cosignature line, or 409 and the size it knows.
 */
export async function addCheckpoint(
  witness: WitnessConfig,
  oldSize: number,
  proof: Uint8Array[],
  signedCheckpoint: string,
  timeoutMs = 5000,
): Promise<AddCheckpointResult> {
  const body = `old ${oldSize}\n${proof.map((h) => `${toBase64(h)}\n`).join('')}\n${signedCheckpoint}`;
  let res: Response;
  try {
    res = await fetch(`${witness.url}/add-checkpoint`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, status: 0, message: `unreachable: ${(error as Error).message}` };
  }
  const text = await res.text();
  if (res.status === 409) {
    const size = /^(\d+)\n?$/.exec(text);
    return {
      ok: false,
      status: 409,
      message: 'size conflict',
      ...(size ? { conflictSize: Number(size[1]) } : {}),
    };
  }
  if (!res.ok) return { ok: false, status: res.status, message: text.trim().slice(0, 200) };
  // The response is the cosignature line(s); keep the one by this witness's key, verified.
  const checkpointText = signedCheckpoint.slice(0, signedCheckpoint.lastIndexOf('\n\n') + 1);
  for (const line of text.split('\n').filter(Boolean)) {
    try {
      const note = parseNote(`${checkpointText}\n${line}\n`);
      const timestamp = await verifyCosignature(note, witness.key, ed25519Verify);
      if (timestamp !== null) return { ok: true, line, timestamp };
    } catch {
      // not a line we can use
    }
  }
  return { ok: false, status: res.status, message: 'no valid cosignature in the response' };
}
