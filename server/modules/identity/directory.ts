import { normalizePhone } from '../../../common/identity/phone.js';
import type { Db } from '../../db/database.js';
import type { Secrets } from '../../lib/secrets.js';

export interface PersonSummary {
  id: string;
  nickname: string;
  homeDivision: string | null;
  active: boolean;
}

/**
 * What other modules may know about people, without reading identity's tables themselves:
 * nickname, home community, whether the account is active, confirmed family links, and the
 * account behind a phone number (for staff forms). Never a phone number or a name.
 */
export class IdentityDirectory {
  constructor(
    private readonly db: Db,
    private readonly secrets: Secrets,
  ) {}

  async people(ids: readonly string[]): Promise<Map<string, PersonSummary>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.kysely
      .selectFrom('accounts')
      .select(['id', 'nickname', 'home_division', 'status'])
      .where('id', 'in', unique)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        { id: r.id, nickname: r.nickname, homeDivision: r.home_division, active: r.status === 'active' },
      ]),
    );
  }

  async person(id: string): Promise<PersonSummary | undefined> {
    return (await this.people([id])).get(id);
  }

  /** The active account of a phone number, or null (also for a malformed number). */
  async accountIdByPhone(rawPhone: string): Promise<string | null> {
    const phone = normalizePhone(rawPhone);
    if (!phone) return null;
    const row = await this.db.kysely
      .selectFrom('accounts')
      .select('id')
      .where('phone_index', '=', this.secrets.blindIndex('phone', phone))
      .where('status', '=', 'active')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** The other person of a confirmed family link of `accountId`, or null. */
  async confirmedRelative(accountId: string, linkId: string): Promise<string | null> {
    const link = await this.db.kysely
      .selectFrom('family_links')
      .select(['requester_id', 'target_id'])
      .where('id', '=', linkId)
      .where('status', '=', 'confirmed')
      .where((eb) => eb.or([eb('requester_id', '=', accountId), eb('target_id', '=', accountId)]))
      .executeTakeFirst();
    if (!link) return null;
    return link.requester_id === accountId ? link.target_id : link.requester_id;
  }
}
