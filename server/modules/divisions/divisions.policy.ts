import type { Actor } from '../../lib/actor.js';

/** Divisions are public reference data: anyone may read them. */
export function canReadDivisions(_actor: Actor): boolean {
  return true;
}

/** Importing official data changes the reference tree for everyone: operators only (CLI, startup). */
export function canImportDivisions(actor: Actor): boolean {
  return actor.kind === 'system';
}
