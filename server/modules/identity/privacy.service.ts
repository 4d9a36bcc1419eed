import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { maskPhone } from '../../../common/identity/phone.js';
import {
  ageOn,
  GUARDIAN_AGE,
  maskResidentId,
  normalizeResidentId,
  residentIdProblem,
} from '../../../common/identity/resident-id.js';
import type { AccessLog, QueueItem } from '../../../common/schemas/privacy.js';
import type { Db } from '../../db/database.js';
import { toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { divisionPrefix } from '../../lib/actor.js';
import type { Secrets } from '../../lib/secrets.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { logActedFor } from './acted-for.js';
import { activeGuardianOf } from './guardians.js';
import { canActOnPerson, staffDivisions } from './identity.policy.js';
import { IdentityRepository } from './identity.repository.js';
import type { NetIdProvider } from './netid-provider.js';

export const SENSITIVE_ID_CONSENT_VERSION = '2026-12-01';
export const SHARE_RECORD_CONSENT_VERSION = '2026-12-01';
type Field = 'phone' | 'resident_id' | 'real_name';

const maskName = (name: string) => (name.length <= 1 ? '*' : `${name[0]}${'*'.repeat(name.length - 1)}`);

/**
 * Real-name verification and the person's rights over their data (PIPL): verification decisions,
 * staff views of full values (with a reason, logged, visible to the person), export and deletion
 * by crypto-shredding. Every decision and view goes to the trust log without personal data.
 */
/**
 * Another module's part of a person's data: what it holds about them (for the export) and how
 * it erases what they wrote when they delete their account (inside the deletion's transaction).
 */
export interface PersonalDataSource {
  /** The export's section name (`listings`, `reviews` …). */
  name: string;
  export(accountId: string): Promise<unknown>;
  erase(trx: Transaction<Database>, accountId: string, now: number): Promise<void>;
}

export class PrivacyService {
  private readonly repo: IdentityRepository;
  private readonly sources: PersonalDataSource[] = [];

  constructor(
    private readonly db: Db,
    private readonly secrets: Secrets,
    private readonly log: LogAppender,
    /** Told when an account's sessions were revoked, so cached sessions go at once. */
    private readonly onSessionsRevoked: (accountId: string) => void = () => {},
    private readonly places?: {
      placeIsValid(community: string, compoundId: string, buildingId?: string): Promise<boolean>;
    },
    private readonly netId?: NetIdProvider,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new IdentityRepository(db.kysely);
  }

  /** Adds a module's part of everyone's data to the export and the deletion. */
  addSource(source: PersonalDataSource): void {
    this.sources.push(source);
  }

  private person(actor: Actor): string {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    return actor.accountId;
  }

  private async dataKey(trx: Transaction<Database> | undefined, accountId: string): Promise<Uint8Array> {
    const wrapped = await (trx ? this.repo.withExecutor(trx) : this.repo).accountKey(accountId);
    if (!wrapped) throw new AppError('not_found');
    return this.secrets.unwrapDataKey(wrapped, accountId);
  }

  /**
   * Raises an account's verification level (a real name never lowers `in_person`), with any
   * fields that go with it, and logs the decision without personal data.
   */
  private async recordVerification(
    trx: Transaction<Database>,
    accountId: string,
    level: 'real_name' | 'in_person',
    method: string,
    fields: { name_cipher?: string; resident_id_cipher?: string; resident_id_index?: string } = {},
    byAccountId?: string,
    guardianId?: string,
  ): Promise<void> {
    const now = this.now();
    const current = await this.repo.withExecutor(trx).accountById(accountId);
    const verification = level === 'real_name' && current?.verification === 'in_person' ? 'in_person' : level;
    await trx
      .updateTable('accounts')
      .set({ ...fields, verification, verified_at: now, updated_at: now })
      .where('id', '=', accountId)
      .execute();
    const subject = await this.log.pseudonym(trx, `account:${accountId}`);
    const data: { [key: string]: string } = { subject, level, method };
    if (byAccountId) data.by = await this.log.pseudonym(trx, `account:${byAccountId}`);
    if (guardianId) data.guardian = await this.log.pseudonym(trx, `account:${guardianId}`);
    await this.log.append(trx, [{ kind: 'identity.verification', v: 1, data, notify: [accountId] }]);
  }

  /** The active account a staff member may act on; `not_found` otherwise, so existence does not leak. */
  private async staffTarget(trx: Transaction<Database>, actor: Actor, accountId: string) {
    const account = await this.repo.withExecutor(trx).accountById(accountId);
    if (account?.status !== 'active' || !canActOnPerson(actor, account.homeDivision))
      throw new AppError('not_found');
    return account;
  }

  async updateProfile(
    actor: Actor,
    patch: {
      nickname?: string | undefined;
      homeDivision?: string | undefined;
      compoundId?: string | undefined;
      buildingId?: string | undefined;
      unit?: string | undefined;
      skills?: string[] | undefined;
      availability?: { day: number; part: string }[] | undefined;
    },
  ): Promise<void> {
    const accountId = this.person(actor);
    if (patch.compoundId) {
      const home = patch.homeDivision ?? (await this.repo.accountById(accountId))?.homeDivision;
      if (
        !home ||
        !this.places ||
        !(await this.places.placeIsValid(home, patch.compoundId, patch.buildingId))
      ) {
        throw new AppError('not_found');
      }
    } else if (patch.buildingId) throw new AppError('validation_failed');
    if (patch.homeDivision) {
      const division = await this.db.kysely
        .selectFrom('divisions')
        .select('level')
        .where('code', '=', patch.homeDivision)
        .executeTakeFirst();
      if (division?.level !== 'community')
        throw new AppError('division_not_found', { code: patch.homeDivision });
    }
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({
          ...(patch.nickname ? { nickname: patch.nickname.trim() } : {}),
          // A new home community clears the compound unless one in it is given at the same time.
          ...(patch.homeDivision
            ? { home_division: patch.homeDivision, compound_id: null, building_id: null, unit: null }
            : {}),
          ...(patch.compoundId
            ? { compound_id: patch.compoundId, building_id: patch.buildingId ?? null }
            : {}),
          ...(patch.unit !== undefined ? { unit: patch.unit.trim() || null } : {}),
          ...(patch.skills
            ? { skills: JSON.stringify([...new Set(patch.skills.map((s) => s.trim()).filter(Boolean))]) }
            : {}),
          ...(patch.availability ? { availability: JSON.stringify(patch.availability) } : {}),
          updated_at: this.now(),
        })
        .where('id', '=', accountId)
        .execute();
      await logActedFor(this.log, trx, actor, 'profile_updated');
    });
  }

  /**
   * Real name + GB 11643 ID number, "well formed" (a worker confirms in person later). The ID is
   * held encrypted with a blind index so it can belong to one account only; saying it is taken
   * does not say by whom.
   */
  async submitRealName(
    actor: Actor,
    input: { realName: string; residentId: string; consentSensitive: true },
  ): Promise<void> {
    const accountId = this.person(actor);
    if (input.consentSensitive !== true) throw new AppError('validation_failed');
    const problem = residentIdProblem(input.residentId, new Date(this.now()));
    if (problem) throw new AppError('resident_id_invalid', { problem });
    const id = normalizeResidentId(input.residentId);
    const index = this.secrets.blindIndex('resident_id', id);
    const now = this.now();
    const underAge = ageOn(id, new Date(now)) < GUARDIAN_AGE;
    await this.db.kysely.transaction().execute(async (trx) => {
      const holder = await trx
        .selectFrom('accounts')
        .select('id')
        .where('resident_id_index', '=', index)
        .executeTakeFirst();
      if (holder && holder.id !== accountId) throw new AppError('resident_id_taken');
      // Under 14 (PIPL art. 31): only with a verified adult guardian's account and consent.
      const guardian = underAge ? await activeGuardianOf(trx, this.secrets, accountId, now) : undefined;
      if (underAge && !guardian) throw new AppError('guardian_consent_required');
      const key = await this.dataKey(trx, accountId);
      await this.repo
        .withExecutor(trx)
        .ensureConsent(accountId, 'sensitive_id', SENSITIVE_ID_CONSENT_VERSION, now);
      await this.recordVerification(
        trx,
        accountId,
        'real_name',
        'gb11643',
        {
          name_cipher: this.secrets.encrypt(key, input.realName.trim(), `real_name:${accountId}`),
          resident_id_cipher: this.secrets.encrypt(key, id, `resident_id:${accountId}`),
          resident_id_index: index,
        },
        actor.kind === 'person' ? actor.actedBy : undefined,
        guardian,
      );
      await logActedFor(this.log, trx, actor, 'real_name_submitted');
    });
  }

  /**
   * Real-name verification through the network-ID provider: a signed result for this account,
   * at most ten minutes old. Nothing but the level, time and method is kept.
   */
  async submitNetIdResult(actor: Actor, token: string): Promise<void> {
    const accountId = this.person(actor);
    if (!this.netId) throw new AppError('not_found');
    const result = this.netId.check(token);
    const now = this.now();
    if (
      !result ||
      result.account !== accountId ||
      result.at > now + 60_000 ||
      result.at < now - 10 * 60_000
    ) {
      throw new AppError('invalid_signature');
    }
    await this.db.kysely
      .transaction()
      .execute((trx) => this.recordVerification(trx, accountId, 'real_name', 'netid'));
  }

  /**
   * Whether verification through the network-ID provider is offered here, and where to hand the
   * browser: the provider signs a result naming this account, which the browser brings back.
   */
  netIdStatus(actor: Actor): { available: boolean; providerUrl: string | null; account: string } {
    const accountId = this.person(actor);
    return {
      available: Boolean(this.netId?.handoffUrl),
      providerUrl: this.netId?.handoffUrl ?? null,
      account: accountId,
    };
  }

  /** A worker saw the ID card: the person becomes `in_person`. */
  async confirmInPerson(actor: Actor, accountId: string): Promise<void> {
    const staffId = this.person(actor);
    await this.db.kysely.transaction().execute(async (trx) => {
      const account = await this.staffTarget(trx, actor, accountId);
      if (account.verification !== 'real_name') throw new AppError('conflict');
      await this.recordVerification(trx, accountId, 'in_person', 'id_card_seen', {}, staffId);
    });
  }

  /** A worker confirmed party-member status (党员), seeing the proof in person. */
  async confirmPartyMember(actor: Actor, accountId: string): Promise<void> {
    const staffId = this.person(actor);
    await this.db.kysely.transaction().execute(async (trx) => {
      await this.staffTarget(trx, actor, accountId);
      await trx
        .updateTable('accounts')
        .set({ party_member: 1, updated_at: this.now() })
        .where('id', '=', accountId)
        .execute();
      const subject = await this.log.pseudonym(trx, `account:${accountId}`);
      const by = await this.log.pseudonym(trx, `account:${staffId}`);
      await this.log.append(trx, [
        { kind: 'identity.party_member', v: 1, data: { subject, by }, notify: [accountId] },
      ]);
    });
  }

  /** Consent to let others see my detailed credit record and activity (off by default). */
  async grantShareRecord(actor: Actor): Promise<void> {
    const accountId = this.person(actor);
    await this.repo.ensureConsent(accountId, 'share_record', SHARE_RECORD_CONSENT_VERSION, this.now());
  }

  /**
   * Withdraws a consent. Withdrawing the ID-number consent erases the name and ID number and takes
   * the account back to phone verification; the privacy notice is withdrawn by deleting the account.
   */
  async withdrawConsent(
    actor: Actor,
    purpose: 'sensitive_id' | 'share_record' | 'privacy_notice',
  ): Promise<void> {
    const accountId = this.person(actor);
    if (purpose === 'privacy_notice') throw new AppError('conflict');
    const now = this.now();
    await this.db.kysely.transaction().execute(async (trx) => {
      const withdrawn = await this.repo.withExecutor(trx).withdrawConsent(accountId, purpose, now);
      if (withdrawn === 0) throw new AppError('not_found');
      if (purpose === 'sensitive_id') {
        await trx
          .updateTable('accounts')
          .set({
            name_cipher: null,
            resident_id_cipher: null,
            resident_id_index: null,
            verification: 'phone',
            verified_at: null,
            updated_at: now,
          })
          .where('id', '=', accountId)
          .execute();
      }
      const subject = await this.log.pseudonym(trx, `account:${accountId}`);
      await this.log.append(trx, [
        { kind: 'identity.consent_withdrawn', v: 1, data: { subject, purpose }, notify: [accountId] },
      ]);
    });
  }

  /** People in the staff member's divisions who gave their real name and wait to be seen in person. */
  async verificationQueue(actor: Actor): Promise<QueueItem[]> {
    this.person(actor);
    const divisions = staffDivisions(actor);
    if (divisions.length === 0) throw new AppError('forbidden');
    const rows = await this.db.kysely
      .selectFrom('accounts')
      .innerJoin('account_keys', 'account_keys.account_id', 'accounts.id')
      .selectAll('accounts')
      .select('account_keys.wrapped_key')
      .where('verification', '=', 'real_name')
      .where('status', '=', 'active')
      .where((eb) => eb.or(divisions.map((d) => eb('home_division', 'like', `${divisionPrefix(d)}%`))))
      .orderBy('verified_at')
      .limit(200)
      .execute();
    const out: QueueItem[] = [];
    for (const r of rows) {
      const key = this.secrets.unwrapDataKey(r.wrapped_key, r.id);
      const name = r.name_cipher ? this.secrets.decrypt(key, r.name_cipher, `real_name:${r.id}`) : null;
      const rid = r.resident_id_cipher
        ? this.secrets.decrypt(key, r.resident_id_cipher, `resident_id:${r.id}`)
        : null;
      const phone = r.phone_cipher ? this.secrets.decrypt(key, r.phone_cipher, `phone:${r.id}`) : null;
      out.push({
        id: r.id,
        nickname: r.nickname,
        homeDivision: r.home_division!,
        verification: r.verification,
        realNameMasked: name && maskName(name),
        residentIdMasked: rid && maskResidentId(rid),
        phoneMasked: phone && maskPhone(phone),
      });
    }
    return out;
  }

  /**
   * A full value for staff, with a reason. Recorded for the person to see, and in the trust log
   * as a view by one pseudonym of another's field (no value, no reason text).
   */
  async reveal(actor: Actor, accountId: string, field: Field, reason: string): Promise<string> {
    this.person(actor);
    return this.db.kysely.transaction().execute(async (trx) => {
      const account = await trx
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (account?.status !== 'active' || !canActOnPerson(actor, account.home_division))
        throw new AppError('not_found');
      const cipher =
        field === 'phone'
          ? account.phone_cipher
          : field === 'resident_id'
            ? account.resident_id_cipher
            : account.name_cipher;
      if (!cipher) throw new AppError('not_found');
      const value = this.secrets.decrypt(await this.dataKey(trx, accountId), cipher, `${field}:${accountId}`);
      const viewerId = (actor as { accountId: string }).accountId;
      await trx
        .insertInto('personal_data_access')
        .values({
          id: uuidv7(),
          account_id: accountId,
          viewer_id: viewerId,
          field,
          reason: reason.trim(),
          created_at: this.now(),
        })
        .execute();
      const subject = await this.log.pseudonym(trx, `account:${accountId}`);
      const viewer = await this.log.pseudonym(trx, `account:${viewerId}`);
      await this.log.append(trx, [
        {
          kind: 'identity.personal_data_viewed',
          v: 1,
          data: { subject, viewer, field },
          notify: [accountId],
        },
      ]);
      return value;
    });
  }

  async consents(actor: Actor) {
    return this.repo.consents(this.person(actor));
  }

  /** Who looked at my full data, when and why. */
  async accessLog(actor: Actor): Promise<AccessLog> {
    const accountId = this.person(actor);
    const rows = await this.db.kysely
      .selectFrom('personal_data_access as p')
      .leftJoin('accounts as v', 'v.id', 'p.viewer_id')
      .select(['p.field', 'p.reason', 'p.created_at', 'v.nickname'])
      .where('p.account_id', '=', accountId)
      .orderBy('p.created_at', 'desc')
      .execute();
    return {
      items: rows.map((r) => ({
        field: r.field,
        reason: r.reason,
        viewer: r.nickname ?? 'operator',
        at: toNumber(r.created_at),
      })),
    };
  }

  /** Everything held about me, decrypted for me: account, consents, roles, keys, notifications, access log. */
  async export(actor: Actor): Promise<Record<string, unknown>> {
    const accountId = this.person(actor);
    const account = await this.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const key = await this.dataKey(undefined, accountId);
    const open = (cipher: string | null, field: Field) =>
      cipher ? this.secrets.decrypt(key, cipher, `${field}:${accountId}`) : null;
    const k = this.db.kysely;
    const avatar = await k
      .selectFrom('avatars')
      .select(['mime', 'bytes', 'updated_at'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const [consents, grants, devices, notifications, sessions, access] = await Promise.all([
      this.repo.consents(accountId),
      k
        .selectFrom('role_grants')
        .select(['role', 'division_code', 'created_at', 'revoked_at'])
        .where('account_id', '=', accountId)
        .execute(),
      k
        .selectFrom('device_keys')
        .select(['label', 'created_at', 'revoked_at'])
        .where('account_id', '=', accountId)
        .execute(),
      k
        .selectFrom('notifications')
        .select(['kind', 'payload', 'created_at', 'read_at'])
        .where('account_id', '=', accountId)
        .execute(),
      k
        .selectFrom('sessions')
        .select(['created_at', 'expires_at', 'revoked_at'])
        .where('account_id', '=', accountId)
        .execute(),
      this.accessLog(actor),
    ]);
    const modules: Record<string, unknown> = {};
    for (const source of this.sources) modules[source.name] = await source.export(accountId);
    return {
      format: 'linli-personal-data-export/v1',
      exportedAt: new Date(this.now()).toISOString(),
      account: {
        id: account.id,
        nickname: account.nickname,
        phone: open(account.phone_cipher, 'phone'),
        realName: open(account.name_cipher, 'real_name'),
        residentId: open(account.resident_id_cipher, 'resident_id'),
        verification: account.verification,
        partyMember: account.party_member === 1,
        homeDivision: account.home_division,
        createdAt: new Date(toNumber(account.created_at)).toISOString(),
      },
      avatar: avatar
        ? {
            mime: avatar.mime,
            base64: Buffer.from(avatar.bytes).toString('base64'),
            updatedAt: new Date(toNumber(avatar.updated_at)).toISOString(),
          }
        : null,
      consents,
      roles: grants,
      deviceKeys: devices,
      sessions,
      notifications: notifications.map((n) => ({ ...n, payload: JSON.parse(n.payload) })),
      personalDataAccess: access.items,
      ...modules,
    };
  }

  /**
   * Deletes my account: personal fields cleared, my data key destroyed (so any copy of the
   * ciphertext, e.g. in a backup, is unreadable), my log pseudonym's salt shredded, sessions and
   * device keys revoked, and what I wrote elsewhere (listings, messages, review comments) erased by
   * the modules that hold it. Log entries and every receipt stay valid.
   */
  async deleteAccount(actor: Actor): Promise<void> {
    const accountId = this.person(actor);
    const now = this.now();
    await this.db.kysely.transaction().execute(async (trx) => {
      const subject = await this.log.pseudonym(trx, `account:${accountId}`);
      await this.log.append(trx, [{ kind: 'identity.account_deleted', v: 1, data: { subject } }]);
      await trx.deleteFrom('account_keys').where('account_id', '=', accountId).execute();
      await trx.deleteFrom('avatars').where('account_id', '=', accountId).execute();
      await trx
        .updateTable('accounts')
        .set({
          nickname: '已注销',
          phone_cipher: null,
          phone_index: null,
          name_cipher: null,
          resident_id_cipher: null,
          resident_id_index: null,
          status: 'deleted',
          updated_at: now,
        })
        .where('id', '=', accountId)
        .execute();
      await trx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
      await trx
        .updateTable('device_keys')
        .set({ revoked_at: now })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
      await trx.deleteFrom('notifications').where('account_id', '=', accountId).execute();
      for (const source of this.sources) await source.erase(trx, accountId, now);
      await this.log.shred(trx, `account:${accountId}`);
    });
    this.onSessionsRevoked(accountId);
  }
}
