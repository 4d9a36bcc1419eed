import { shortCodeOf } from '../modules/divisions/division-codes.js';

/**
 * Who is acting. Services take the actor first and authorise on their first line, so the CLI and
 * the API obey the same rules. `system` is the operator at the command line; `person` is a
 * signed-in account with its role grants (each on a division, covering everything below it).
 */
export type Role = 'resident' | 'worker' | 'hut_keeper' | 'street_admin' | 'district_admin' | 'auditor';

export interface RoleGrant {
  role: Role;
  /** 12-digit division code the role is granted on. */
  divisionCode: string;
}

export type Actor =
  | { kind: 'system' }
  | { kind: 'anonymous' }
  | {
      kind: 'person';
      accountId: string;
      grants: readonly RoleGrant[];
      sessionId?: string;
      /**
       * 代办: a community worker acting for this (phone-less, managed) person. Services mark every
       * such act in the trust log with the worker's pseudonym; a delegated actor holds no grants.
       */
      actedBy?: string;
    };

export const SYSTEM: Actor = Object.freeze({ kind: 'system' });
export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });

/**
 * The code prefix shared by a division and everything below it: its significant digits by level
 * (440604010000 → 440604010), not its code with trailing zeros stripped, which would also take in
 * its neighbours (44060401 covers 440604011… and 440604012…).
 */
export function divisionPrefix(divisionCode: string): string {
  return shortCodeOf(divisionCode);
}

/** True when `grant` covers `divisionCode` (same division or one below it). */
export function grantCovers(grant: RoleGrant, divisionCode: string): boolean {
  return divisionCode.startsWith(divisionPrefix(grant.divisionCode));
}
