import { fromBase64, fromUtf8 } from '../../../common/tlog/bytes.js';
import { ED25519, parseVerifierKey, type VerifierKey } from '../../../common/tlog/note.js';
import { ed25519Verify, sha256 } from '../../lib/crypto.js';

/**
 * A verification-result provider in the manner of the national network identity service
 * (网号/网证): the person proves who they are to the provider, which returns a signed result
 * naming the Linli account and the level reached. Linli checks the signature and keeps only
 * "verified at T by method M", never an ID number.
 *
 * The result is `base64(JSON).base64(Ed25519 signature over the JSON bytes)`, the JSON being
 * `{"account": "<id>", "level": "real_name", "at": <epoch ms>, "nonce": "..."}`.
 */
export interface NetIdResult {
  account: string;
  level: 'real_name';
  at: number;
}

export class NetIdProvider {
  private readonly key: VerifierKey;

  constructor(
    verifierKey: string,
    /** The provider's hand-off page: the browser goes there with `account`, `return` and `state`. */
    readonly handoffUrl: string | null = null,
  ) {
    this.key = parseVerifierKey(sha256, verifierKey);
    if (this.key.type !== ED25519) throw new Error('the network-ID provider key must be an Ed25519 note key');
  }

  get name(): string {
    return this.key.name;
  }

  /** The verified result, or null when the token is malformed or not signed by the provider. */
  check(token: string): NetIdResult | null {
    const [body, sig] = token.split('.');
    if (!body || !sig) return null;
    let bytes: Uint8Array;
    let signature: Uint8Array;
    try {
      bytes = fromBase64(body);
      signature = fromBase64(sig);
    } catch {
      return null;
    }
    if (!ed25519Verify(this.key.publicKey, bytes, signature)) return null;
    try {
      const parsed = JSON.parse(fromUtf8(bytes)) as Partial<NetIdResult>;
      if (typeof parsed.account !== 'string' || parsed.level !== 'real_name' || typeof parsed.at !== 'number')
        return null;
      return { account: parsed.account, level: parsed.level, at: parsed.at };
    } catch {
      return null;
    }
  }
}
