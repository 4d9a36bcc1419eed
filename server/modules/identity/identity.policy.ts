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

const STAFF_ROLES: Role[] = ['worker', 'street_admin', 'district_admin'];

/**
 * Staff acts on a person (verify in person, see a full number with a reason) only where one of
 * their grants covers the person's home community; a person with no home community is nobody's.
 */
export function canActOnPerson(actor: Actor, homeDivision: string | null): boolean {
  if (actor.kind !== 'person' || !homeDivision) return false;
  return actor.grants.some((g) => STAFF_ROLES.includes(g.role) && grantCovers(g, homeDivision));
}

/** The divisions a staff member works in (for queues scoped in the query). */
export function staffDivisions(actor: Actor): string[] {
  if (actor.kind !== 'person') return [];
  return actor.grants.filter((g) => STAFF_ROLES.includes(g.role)).map((g) => g.divisionCode);
}

/**
 * 代办: acting for a managed (phone-less) person, or registering one in a community. Only a
 * staff member whose grant covers that community, acting as themself (a delegated actor never
 * delegates again).
 */
export function canActFor(actor: Actor, managedDivision: string | null): boolean {
  if (actor.kind !== 'person' || actor.actedBy || !managedDivision) return false;
  return canActOnPerson(actor, managedDivision);
}
