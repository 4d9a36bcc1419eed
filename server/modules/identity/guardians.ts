import type { Transaction } from 'kysely';
import { ADULT_AGE, ageOn } from '../../../common/identity/resident-id.js';
import type { Database } from '../../db/schema.js';
import type { Secrets } from '../../lib/secrets.js';

/**
 * Guardians of children under 14. A guardian is the parent side of a confirmed family link
 * (relation is stored from the requester's side: "the target is my parent"), is active, is
 * verified by real name or in person, and is an adult by the ID number on file.
 */
export function parentAndChildOf(link: {
  requester_id: string;
  target_id: string;
  relation: string;
}): { parent: string; child: string } | null {
  if (link.relation === 'parent') return { parent: link.target_id, child: link.requester_id };
  if (link.relation === 'child') return { parent: link.requester_id, child: link.target_id };
  return null;
}

/** True when the account may consent as a guardian: active, verified, and an adult by its ID number. */
export async function isEligibleGuardian(
  trx: Transaction<Database>,
  secrets: Secrets,
  accountId: string,
  now: number,
): Promise<boolean> {
  const row = await trx
    .selectFrom('accounts as a')
    .innerJoin('account_keys as k', 'k.account_id', 'a.id')
    .select(['a.id', 'a.status', 'a.verification', 'a.resident_id_cipher', 'k.wrapped_key'])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (row?.status !== 'active' || row.verification === 'phone' || !row.resident_id_cipher) return false;
  const key = secrets.unwrapDataKey(row.wrapped_key, row.id);
  const id = secrets.decrypt(key, row.resident_id_cipher, `resident_id:${row.id}`);
  return ageOn(id, new Date(now)) >= ADULT_AGE;
}

/** The guardian whose consent for this child is active and still valid, if any. */
export async function activeGuardianOf(
  trx: Transaction<Database>,
  secrets: Secrets,
  childId: string,
  now: number,
): Promise<string | undefined> {
  const consents = await trx
    .selectFrom('guardian_consents')
    .select('guardian_id')
    .where('child_id', '=', childId)
    .where('withdrawn_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  for (const { guardian_id } of consents) {
    const link = await trx
      .selectFrom('family_links')
      .select(['requester_id', 'target_id', 'relation'])
      .where('status', '=', 'confirmed')
      .where((eb) =>
        eb.or([
          eb.and([eb('requester_id', '=', childId), eb('target_id', '=', guardian_id)]),
          eb.and([eb('requester_id', '=', guardian_id), eb('target_id', '=', childId)]),
        ]),
      )
      .executeTakeFirst();
    if (link && parentAndChildOf(link)?.parent === guardian_id) {
      if (await isEligibleGuardian(trx, secrets, guardian_id, now)) return guardian_id;
    }
  }
  return undefined;
}
