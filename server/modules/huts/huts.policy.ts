import type { Policy } from '../../../common/schemas/huts.js';
import { type Actor, grantCovers } from '../../lib/actor.js';

/**
 * Who may do what with huts. Pure functions over the actor and the hut's facts, so the CLI and
 * the API obey the same rules.
 */
export interface HutFacts {
  communityCode: string;
  keeperIds: readonly string[];
}

/** Keepers listed on the hut, hut keepers and staff of its community may run the desk. */
export function canKeep(actor: Actor, hut: HutFacts): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person' || actor.actedBy) return false;
  if (hut.keeperIds.includes(actor.accountId)) return true;
  return actor.grants.some(
    (g) =>
      ['hut_keeper', 'worker', 'street_admin', 'district_admin'].includes(g.role) &&
      grantCovers(g, hut.communityCode),
  );
}

/** Huts are opened, and keepers named, by staff of the community (not by keepers themselves). */
export function canManageHuts(actor: Actor, communityCode: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person' || actor.actedBy) return false;
  return actor.grants.some(
    (g) => ['worker', 'street_admin', 'district_admin'].includes(g.role) && grantCovers(g, communityCode),
  );
}

/** Lending policies belong to the district's admins. */
export function canSetPolicies(actor: Actor, districtCode: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  return actor.grants.some((g) => g.role === 'district_admin' && grantCovers(g, districtCode));
}

/** Damage and loss are settled by staff of the community (a keeper reports, a worker settles). */
export function canSettle(actor: Actor, communityCode: string): boolean {
  return canManageHuts(actor, communityCode);
}

/** Members borrow within their own district (the programme's 通借通还). */
export function sameDistrict(homeDivision: string | null, communityCode: string): boolean {
  return !!homeDivision && homeDivision.slice(0, 6) === communityCode.slice(0, 6);
}

/** The built-in district default when no rule has been set. */
export const DEFAULT_POLICY: Policy = Object.freeze({
  loanDays: 14,
  maxRenewals: 2,
  maxLoans: 5,
  maxHolds: 5,
  pickupDays: 3,
  depositPoints: 0,
  needsApproval: false,
});

export interface PolicyRule {
  hutId: string | null;
  memberKind: string | null;
  category: string | null;
  createdAt: number;
  policy: Policy;
}

/**
 * The rule that applies: among rules whose set fields all match, the most specific (hut counts
 * most, then member kind, then category; as a library's circulation matrix); the newest on a tie.
 */
export function resolvePolicy(
  rules: readonly PolicyRule[],
  want: { hutId: string; memberKind: string; category: string },
): { policy: Policy; source: string } {
  let best: PolicyRule | undefined;
  let bestScore = -1;
  for (const r of rules) {
    if (r.hutId !== null && r.hutId !== want.hutId) continue;
    if (r.memberKind !== null && r.memberKind !== want.memberKind) continue;
    if (r.category !== null && r.category !== want.category) continue;
    const score = (r.hutId ? 4 : 0) + (r.memberKind ? 2 : 0) + (r.category ? 1 : 0);
    if (score > bestScore || (score === bestScore && best && r.createdAt > best.createdAt)) {
      best = r;
      bestScore = score;
    }
  }
  if (!best) return { policy: DEFAULT_POLICY, source: 'default' };
  const parts = [
    best.hutId ? 'hut' : null,
    best.memberKind ? `member:${best.memberKind}` : null,
    best.category ? `category:${best.category}` : null,
  ].filter(Boolean);
  return { policy: best.policy, source: parts.length ? parts.join('+') : 'district' };
}
