import type { PortableMigration } from '../migrator.js';
import { divisions } from './2026-12-03T00-divisions.js';
import { trustlog } from './2026-12-03T01-trustlog.js';
import { identity } from './2026-12-03T02-identity.js';
import { privacy } from './2026-12-03T03-privacy.js';
import { compounds } from './2026-12-03T04-compounds.js';
import { accessTokens } from './2026-12-03T05-access-tokens.js';
import { family } from './2026-12-03T06-family.js';
import { profileSkills } from './2026-12-03T07-profile-skills.js';
import { guardianConsents } from './2026-12-03T08-guardian-consents.js';
import { managedAccounts } from './2026-12-03T08-managed-accounts.js';
import { avatars } from './2026-12-03T09-avatars.js';
import { points } from './2026-12-03T10-points.js';
import { notifyJobs } from './2026-12-04T00-notify-jobs.js';
import { listings } from './2026-12-04T01-listings.js';
import { exchanges } from './2026-12-04T02-exchanges.js';
import { sessionRotation } from './2026-12-04T04-session-rotation.js';
import { listingTermsPlace } from './2026-12-04T11-listing-terms-place.js';
import { huts } from './2026-12-04T20-huts.js';
import { pointsDeposits } from './2026-12-04T21-points-deposits.js';
import { reviews } from './2026-12-04T30-reviews.js';

/** Every migration by its ISO-dated name; order is the name order. Add new ones at the end. */
export const migrations: Record<string, PortableMigration> = {
  '2026-12-03T00-divisions': divisions,
  '2026-12-03T01-trustlog': trustlog,
  '2026-12-03T02-identity': identity,
  '2026-12-03T03-privacy': privacy,
  '2026-12-03T04-compounds': compounds,
  '2026-12-03T05-access-tokens': accessTokens,
  '2026-12-03T06-family': family,
  '2026-12-03T07-profile-skills': profileSkills,
  '2026-12-03T08-guardian-consents': guardianConsents,
  '2026-12-03T08-managed-accounts': managedAccounts,
  '2026-12-03T09-avatars': avatars,
  '2026-12-03T10-points': points,
  '2026-12-04T00-notify-jobs': notifyJobs,
  '2026-12-04T01-listings': listings,
  '2026-12-04T02-exchanges': exchanges,
  '2026-12-04T04-session-rotation': sessionRotation,
  '2026-12-04T11-listing-terms-place': listingTermsPlace,
  '2026-12-04T20-huts': huts,
  '2026-12-04T21-points-deposits': pointsDeposits,
  '2026-12-04T30-reviews': reviews,
};
