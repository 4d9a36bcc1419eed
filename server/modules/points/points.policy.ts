import { type Actor, grantCovers, type Role } from '../../lib/actor.js';

function hasRoleCovering(actor: Actor, roles: Role[], divisionCode: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  return actor.grants.some((g) => roles.includes(g.role) && grantCovers(g, divisionCode));
}

/** Rules, budgets, adjustments and reversals belong to the district's admins. */
export function canManageDistrictPoints(actor: Actor, districtCode: string): boolean {
  return hasRoleCovering(actor, ['district_admin'], districtCode);
}

/** Grants from a community pool, recorded help and priority marks: staff of that community. */
export function canActForCommunity(actor: Actor, communityCode: string): boolean {
  return hasRoleCovering(actor, ['worker', 'street_admin', 'district_admin'], communityCode);
}

/** Budgets, pools and pending adjustments may be read by staff and auditors of the division. */
export function canReadDivisionPoints(actor: Actor, divisionCode: string): boolean {
  return hasRoleCovering(actor, ['worker', 'street_admin', 'district_admin', 'auditor'], divisionCode);
}
