import { type Actor, grantCovers, type Role } from '../../lib/actor.js';

const ADMIN_ROLES: Role[] = ['district_admin', 'street_admin'];

/** A person sees their own account in full; nobody else does through these endpoints. */
export function canReadOwnAccount(actor: Actor, accountId: string): boolean {
  return actor.kind === 'person' && actor.accountId === accountId;
}

/**
 * Granting a role on a division: the operator at the CLI, or an admin whose own grant covers
 * that division; street admins may grant only worker-level roles.
 */
export function canGrantRole(actor: Actor, role: Role, divisionCode: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  return actor.grants.some(
    (g) =>
      ADMIN_ROLES.includes(g.role) &&
      grantCovers(g, divisionCode) &&
      (g.role === 'district_admin' || ['resident', 'worker', 'hut_keeper'].includes(role)),
  );
}
