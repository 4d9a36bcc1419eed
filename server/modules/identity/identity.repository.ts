import type { Kysely, Selectable, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toNumber } from '../../db/dialect.js';
import type { AccountsTable, Database } from '../../db/schema.js';
import type { Role, RoleGrant } from '../../lib/actor.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface AccountRow {
  id: string;
  nickname: string;
  phoneCipher: string | null;
  phoneIndex: string | null;
  homeDivision: string | null;
  verification: 'phone' | 'real_name' | 'in_person';
  status: 'active' | 'deleted';
  privacyVersion: string;
  partyMember: boolean;
  compoundId: string | null;
  buildingId: string | null;
  unit: string | null;
  skills: string[];
  availability: { day: number; part: string }[];
  createdAt: number;
  /** 代办: the community managing this phone-less account, or null. */
  managedDivision: string | null;
}

const toAccount = (r: Selectable<AccountsTable>): AccountRow => ({
  id: r.id,
  nickname: r.nickname,
  phoneCipher: r.phone_cipher,
  phoneIndex: r.phone_index,
  homeDivision: r.home_division,
  verification: r.verification as AccountRow['verification'],
  status: r.status as AccountRow['status'],
  privacyVersion: r.privacy_version,
  partyMember: r.party_member === 1,
  compoundId: r.compound_id,
  buildingId: r.building_id,
  unit: r.unit,
  skills: JSON.parse(r.skills) as string[],
  availability: JSON.parse(r.availability) as { day: number; part: string }[],
  createdAt: toNumber(r.created_at),
  managedDivision: r.managed_division ?? null,
});

/** Kysely access to accounts, their keys, SMS codes, sessions and role grants. */
export class IdentityRepository {
  constructor(private readonly db: Executor) {}

  withExecutor(executor: Executor): IdentityRepository {
    return new IdentityRepository(executor);
  }

  async accountByPhoneIndex(phoneIndex: string): Promise<AccountRow | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('phone_index', '=', phoneIndex)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async accountById(id: string): Promise<AccountRow | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  /** Inserts the account unless the phone is taken; false when another sign-up won the race. */
  async insertAccount(a: {
    id: string;
    nickname: string;
    phoneCipher: string;
    phoneIndex: string;
    privacyVersion: string;
    now: number;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('accounts')
      .values({
        id: a.id,
        nickname: a.nickname,
        phone_cipher: a.phoneCipher,
        phone_index: a.phoneIndex,
        home_division: null,
        verification: 'phone',
        status: 'active',
        privacy_version: a.privacyVersion,
        created_at: a.now,
        updated_at: a.now,
        name_cipher: null,
        resident_id_cipher: null,
        resident_id_index: null,
        party_member: 0,
        verified_at: null,
        compound_id: null,
        building_id: null,
        unit: null,
      })
      .onConflict((oc) => oc.column('phone_index').doNothing())
      .executeTakeFirst();
    return toNumber(result.numInsertedOrUpdatedRows) > 0;
  }

  /** Records consent to a purpose at a version unless an active one exists; true when recorded now. */
  async ensureConsent(accountId: string, purpose: string, version: string, now: number): Promise<boolean> {
    const active = await this.db
      .selectFrom('consents')
      .select('id')
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('version', '=', version)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (active) return false;
    await this.db
      .insertInto('consents')
      .values({ id: uuidv7(), account_id: accountId, purpose, version, granted_at: now, withdrawn_at: null })
      .execute();
    return true;
  }

  async consents(accountId: string) {
    const rows = await this.db
      .selectFrom('consents')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('granted_at')
      .execute();
    return rows.map((r) => ({
      purpose: r.purpose,
      version: r.version,
      grantedAt: toNumber(r.granted_at),
      withdrawnAt: r.withdrawn_at === null ? null : toNumber(r.withdrawn_at),
    }));
  }

  async withdrawConsent(accountId: string, purpose: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('consents')
      .set({ withdrawn_at: now })
      .where('account_id', '=', accountId)
      .where('purpose', '=', purpose)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows);
  }

  async insertAccountKey(accountId: string, wrappedKey: string, now: number): Promise<void> {
    await this.db
      .insertInto('account_keys')
      .values({ account_id: accountId, wrapped_key: wrappedKey, created_at: now })
      .execute();
  }

  async accountKey(accountId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('account_keys')
      .select('wrapped_key')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.wrapped_key;
  }

  async insertCode(c: {
    id: string;
    phoneIndex: string;
    codeHash: string;
    ip: string;
    expiresAt: number;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('sms_codes')
      .values({
        id: c.id,
        phone_index: c.phoneIndex,
        code_hash: c.codeHash,
        attempts: 0,
        ip: c.ip,
        expires_at: c.expiresAt,
        consumed_at: null,
        created_at: c.now,
      })
      .execute();
  }

  async codesSince(filter: { phoneIndex?: string; ip?: string }, since: number) {
    let q = this.db.selectFrom('sms_codes').selectAll().where('created_at', '>=', since);
    if (filter.phoneIndex) q = q.where('phone_index', '=', filter.phoneIndex);
    if (filter.ip) q = q.where('ip', '=', filter.ip);
    const rows = await q.orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      codeHash: r.code_hash,
      attempts: toNumber(r.attempts),
      expiresAt: toNumber(r.expires_at),
      consumedAt: r.consumed_at === null ? null : toNumber(r.consumed_at),
      createdAt: toNumber(r.created_at),
    }));
  }

  /** Consumes an unexpired, unlocked, unused code exactly once (conditional update). */
  async consumeCode(id: string, now: number, maxAttempts: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sms_codes')
      .set({ consumed_at: now })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', maxAttempts)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async addAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('sms_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async insertOutbox(m: {
    id: string;
    phoneMasked: string;
    phoneIndex: string;
    body: string;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('sms_outbox')
      .values({
        id: m.id,
        phone_masked: m.phoneMasked,
        phone_index: m.phoneIndex,
        body: m.body,
        created_at: m.now,
      })
      .execute();
  }

  async outbox(limit: number, phoneIndex?: string) {
    let q = this.db.selectFrom('sms_outbox').selectAll();
    if (phoneIndex) q = q.where('phone_index', '=', phoneIndex);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      phoneMasked: r.phone_masked,
      body: r.body,
      createdAt: toNumber(r.created_at),
    }));
  }

  async insertSession(s: {
    id: string;
    accountId: string;
    csrfToken: string;
    now: number;
    expiresAt: number;
    grantsFingerprint: string;
  }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        account_id: s.accountId,
        csrf_token: s.csrfToken,
        created_at: s.now,
        expires_at: s.expiresAt,
        revoked_at: null,
        grants_fingerprint: s.grantsFingerprint,
      })
      .execute();
  }

  /** A live session with its active account, or undefined. */
  /** A session that has not ended; a replaced (rotated) one lives on for `graceMs` after. */
  async liveSession(id: string, now: number, graceMs: number) {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .select([
        's.id',
        's.account_id',
        's.csrf_token',
        's.expires_at',
        's.grants_fingerprint',
        's.rotated_at',
      ])
      .where('s.id', '=', id)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where((eb) => eb.or([eb('s.rotated_at', 'is', null), eb('s.rotated_at', '>', now - graceMs)]))
      .where('a.status', '=', 'active')
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        accountId: row.account_id,
        csrfToken: row.csrf_token,
        expiresAt: toNumber(row.expires_at),
        grantsFingerprint: row.grants_fingerprint,
        rotated: row.rotated_at !== null,
      }
    );
  }

  /** Marks a session replaced; false when another request (or process) replaced it first. */
  async markRotated(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ rotated_at: now })
      .where('id', '=', id)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  async revokeSession(id: string, now: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllSessions(accountId: string, now: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async activeGrants(accountId: string): Promise<RoleGrant[]> {
    const rows = await this.db
      .selectFrom('role_grants')
      .select(['role', 'division_code'])
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ role: r.role as Role, divisionCode: r.division_code }));
  }

  async insertGrant(g: {
    id: string;
    accountId: string;
    role: Role;
    divisionCode: string;
    grantedBy: string | null;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('role_grants')
      .values({
        id: g.id,
        account_id: g.accountId,
        role: g.role,
        division_code: g.divisionCode,
        granted_by: g.grantedBy,
        created_at: g.now,
        revoked_at: null,
      })
      .execute();
  }
}
