import { concat, equalBytes, fromBase64, uint64be } from '../../../common/tlog/bytes.js';
import { parseCheckpoint } from '../../../common/tlog/checkpoint.js';
import { verifyConsistency } from '../../../common/tlog/merkle.js';
import {
  cosignatureMessage,
  parseNote,
  signatureLine,
  type VerifierKey,
  verifyNoteSignature,
} from '../../../common/tlog/note.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';
import type { NoteSigner } from '../trustlog/signing-key.js';
import type { WitnessStore } from './witness.store.js';

export interface WitnessReply {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  contentType: string;
  body: string;
}

const text = (status: WitnessReply['status'], body: string): WitnessReply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body,
});

/**
 * A C2SP tlog-witness: cosigns a log's checkpoint only if it is signed by the log's key and
 * provably extends the last checkpoint the witness cosigned for that log, so it never signs two
 * views of one log (a fork). One instance can witness several logs, by origin.
 */
export class WitnessService {
  private readonly logs: Map<string, VerifierKey>;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly signer: NoteSigner,
    logs: VerifierKey[],
    private readonly store: WitnessStore,
    private readonly now: () => number = Date.now,
  ) {
    this.logs = new Map(logs.map((k) => [k.name, k]));
  }

  /** Handles an add-checkpoint request body; one request per origin at a time. */
  async addCheckpoint(body: string): Promise<WitnessReply> {
    const parsed = this.parseRequest(body);
    if ('status' in parsed) return parsed;
    const origin = parsed.origin;
    const previous = this.locks.get(origin) ?? Promise.resolve();
    const run = previous.then(() => this.handle(parsed));
    this.locks.set(
      origin,
      run.catch(() => {}),
    );
    return run;
  }

  private parseRequest(body: string) {
    const split = body.indexOf('\n\n');
    if (split < 0) return text(400, 'missing blank line before the checkpoint\n');
    const head = body.slice(0, split).split('\n');
    const oldMatch = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0] ?? '');
    if (!oldMatch) return text(400, 'first line must be "old <size>"\n');
    let proof: Uint8Array[];
    try {
      proof = head.slice(1).map((l) => fromBase64(l));
    } catch {
      return text(400, 'proof hashes must be base64\n');
    }
    try {
      const note = parseNote(body.slice(split + 2));
      const checkpoint = parseCheckpoint(note.text);
      return { old: Number(oldMatch[1]), proof, note, checkpoint, origin: checkpoint.origin };
    } catch (error) {
      return text(400, `${(error as Error).message}\n`);
    }
  }

  private async handle(
    req: Exclude<ReturnType<WitnessService['parseRequest']>, WitnessReply>,
  ): Promise<WitnessReply> {
    const key = this.logs.get(req.origin);
    if (!key) return text(404, `unknown log origin ${req.origin}\n`);
    if (!(await verifyNoteSignature(req.note, key, ed25519Verify)))
      return text(403, 'checkpoint is not signed by the log key\n');
    const known = this.store.get(req.origin) ?? { size: 0, root: sha256(new Uint8Array(0)) };
    if (req.old !== known.size)
      return { status: 409, contentType: 'text/x.tlog.size', body: `${known.size}\n` };
    const size = Number(req.checkpoint.size);
    if (!Number.isSafeInteger(size) || size < known.size)
      return text(400, 'checkpoint is older than the one witnessed\n');
    try {
      verifyConsistency(sha256, BigInt(known.size), BigInt(size), req.proof, known.root, req.checkpoint.root);
    } catch (error) {
      return text(422, `not consistent with the witnessed checkpoint: ${(error as Error).message}\n`);
    }
    if (size === known.size && !equalBytes(known.root, req.checkpoint.root))
      return text(422, 'fork: same size, different root\n');
    if (!this.store.advance(req.origin, known.size, { size, root: req.checkpoint.root })) {
      return {
        status: 409,
        contentType: 'text/x.tlog.size',
        body: `${this.store.get(req.origin)?.size ?? 0}\n`,
      };
    }
    const timestamp = BigInt(Math.floor(this.now() / 1000));
    const signature = this.signer.sign(cosignatureMessage(req.note.text, timestamp));
    return text(
      200,
      `${signatureLine(this.signer.name, this.signer.keyId, concat(uint64be(timestamp), signature))}\n`,
    );
  }
}
