export interface RoleGrant {
  role: string;
  divisionCode: string;
}

const STAFF = ['worker', 'street_admin', 'district_admin', 'auditor'];
const ACTORS = ['worker', 'street_admin', 'district_admin'];

/** The code prefix a 12-digit division code stands for (a grant covers everything below it). */
export function prefixOf(code: string): string {
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

const unique = (codes: string[]) => [...new Set(codes)];

/** Divisions whose budgets I may read. */
export function staffDivisions(roles: RoleGrant[]): string[] {
  return unique(roles.filter((r) => STAFF.includes(r.role)).map((r) => r.divisionCode));
}

/** Divisions where I may record help, mark priority and grant from pools. */
export function actingDivisions(roles: RoleGrant[]): string[] {
  return unique(roles.filter((r) => ACTORS.includes(r.role)).map((r) => r.divisionCode));
}

/** Districts whose rules, budgets and adjustments I manage. */
export function adminDistricts(roles: RoleGrant[]): string[] {
  return unique(
    roles.filter((r) => r.role === 'district_admin').map((r) => `${r.divisionCode.slice(0, 6)}000000`),
  );
}

export function canEditBudget(roles: RoleGrant[], community: string): boolean {
  return roles.some((r) => r.role === 'district_admin' && community.startsWith(prefixOf(r.divisionCode)));
}
