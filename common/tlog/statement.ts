import { fromBase64, utf8 } from './bytes.js';
import type { Ed25519Verify } from './note.js';

/**
 * Co-signed statements (相互佐证): both sides of an act (an exchange done, an item handed over)
 * sign the same statement with the Ed25519 key their browser holds, and the log entry carries the
 * statement and both signatures, so the record does not rest on the server's word.
 *
 * The signed message is a fixed prefix, the entry kind, and the statement as RFC 8785 canonical
 * JSON: `linli/statement/v1\n<kind>\n<canonical statement>`.
 */
export const STATEMENT_PREFIX = 'linli/statement/v1\n';

export interface DeviceSignature {
  /** The party's pseudonym in the log. */
  party: string;
  /** base64 raw Ed25519 public key of the party's device. */
  key: string;
  /** base64 Ed25519 signature of the statement message. */
  sig: string;
}

export function statementMessage(kind: string, canonicalStatement: string): Uint8Array {
  return utf8(`${STATEMENT_PREFIX}${kind}\n${canonicalStatement}`);
}

/**
 * Checks the device signatures carried by an entry (decoded JSON); returns the problems found,
 * empty when there are none or when the entry carries no signatures. `canonical` must be an
 * RFC 8785 serialiser.
 */
export async function checkEntrySignatures(
  entry: unknown,
  canonical: (value: unknown) => string,
  verify: Ed25519Verify,
): Promise<string[]> {
  const e = entry as { kind?: string; data?: { statement?: unknown; signatures?: DeviceSignature[] } };
  const sigs = e.data?.signatures;
  if (!sigs) return [];
  if (
    !Array.isArray(sigs) ||
    sigs.length === 0 ||
    e.data?.statement === undefined ||
    typeof e.kind !== 'string'
  ) {
    return ['malformed co-signed statement'];
  }
  const message = statementMessage(e.kind, canonical(e.data.statement));
  const problems: string[] = [];
  for (const s of sigs) {
    try {
      if (!(await verify(fromBase64(s.key), message, fromBase64(s.sig))))
        problems.push(`signature of ${s.party} does not verify`);
    } catch {
      problems.push(`signature of ${s.party} is malformed`);
    }
  }
  return problems;
}
