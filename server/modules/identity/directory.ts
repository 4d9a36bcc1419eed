import type { Kysely, Transaction } from 'kysely';
import { normalizePhone } from '../../../common/identity/phone.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { Secrets } from '../../lib/secrets.js';

export interface PersonSummary {
  id: string;
  nickname: string;
  homeDivision: string | null;
  /** phone, real_name or in_person: how far the person's identity has been checked. */
  verification: string;
  active: boolean;
}

export interface PublicProfile extends PersonSummary {
  verification: string;
  partyMember: boolean;
  avatarAt: number | null;
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

  /** People by id; through the caller's transaction when given (SQLite has one connection). */
  async people(
    ids: readonly string[],
    executor: Kysely<Database> | Transaction<Database> = this.db.kysely,
  ): Promise<Map<string, PersonSummary>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await executor
      .selectFrom('accounts')
      .select(['id', 'nickname', 'home_division', 'verification', 'status'])
      .where('id', 'in', unique)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          nickname: r.nickname,
          homeDivision: r.home_division,
          verification: r.verification,
          active: r.status === 'active',
        },
      ]),
    );
  }

  async person(id: string): Promise<PersonSummary | undefined> {
    return (await this.people([id])).get(id);
  }

  /**
   * What anyone signed in may see of a person (the credit record's head): nickname, home community,
   * verification level, party membership, avatar version. Never a phone number or a name.
   */
  async publicProfile(id: string): Promise<PublicProfile | undefined> {
    const r = await this.db.kysely
      .selectFrom('accounts as a')
      .leftJoin('avatars as v', 'v.account_id', 'a.id')
      .select(['a.id', 'a.nickname', 'a.home_division', 'a.status', 'a.verification', 'a.party_member'])
      .select('v.updated_at as avatar_at')
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id,
      nickname: r.nickname,
      homeDivision: r.home_division,
      active: r.status === 'active',
      verification: r.verification,
      partyMember: Number(r.party_member) === 1,
      avatarAt: r.avatar_at === null || r.avatar_at === undefined ? null : Number(r.avatar_at),
    };
  }

  /** Whether the person holds an active (not withdrawn) consent to `purpose`. */
  async hasConsent(accountId: string, purpose: string): Promise<boolean> {
    const row = await this.db.kysely
      .selectFrom('consents')
      .select('id')
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
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

  /**
   * Both people of a confirmed family link of `accountId` (me first, then my relative), in one
   * query; null when there is no such link.
   */
  async confirmedRelativePair(
    accountId: string,
    linkId: string,
  ): Promise<[PersonSummary, PersonSummary] | null> {
    const rows = await this.db.kysely
      .selectFrom('family_links as f')
      .innerJoin('accounts as a', (join) =>
        join.on((eb) =>
          eb.or([eb('a.id', '=', eb.ref('f.requester_id')), eb('a.id', '=', eb.ref('f.target_id'))]),
        ),
      )
      .select(['a.id', 'a.nickname', 'a.home_division', 'a.verification', 'a.status'])
      .where('f.id', '=', linkId)
      .where('f.status', '=', 'confirmed')
      .where((eb) => eb.or([eb('f.requester_id', '=', accountId), eb('f.target_id', '=', accountId)]))
      .execute();
    const people = rows.map((r) => ({
      id: r.id,
      nickname: r.nickname,
      homeDivision: r.home_division,
      verification: r.verification,
      active: r.status === 'active',
    }));
    const me = people.find((p) => p.id === accountId);
    const relative = people.find((p) => p.id !== accountId);
    return me && relative ? [me, relative] : null;
  }

  /**
   * Verification level of each person (phone, real_name, in_person): lending policies use it.
   * Reads through the caller's transaction when given (SQLite has one connection).
   */
  async verificationLevels(
    ids: readonly string[],
    executor: Kysely<Database> | Transaction<Database> = this.db.kysely,
  ): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await executor
      .selectFrom('accounts')
      .select(['id', 'verification'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, r.verification]));
  }
}
