import type { Actor } from '../../lib/actor.js';

/** The log is public: anyone may read checkpoints, tiles, proofs and receipts. */
export function canReadLog(_actor: Actor): boolean {
  return true;
}

/** Signing on demand is the operator's (CLI) and the server's own schedule. */
export function canIssueCheckpoint(actor: Actor): boolean {
  return actor.kind === 'system';
}

/** Crypto-shredding a subject's pseudonym: operators now; the person themself with identity. */
export function canShred(actor: Actor): boolean {
  return actor.kind === 'system';
}
