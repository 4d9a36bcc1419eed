import { v7 as uuidv7 } from 'uuid';
import type { ManagedResident } from '../../../common/schemas/proxy.js';
import type { Db } from '../../db/database.js';
import { toNumber } from '../../db/dialect.js';
import { AppError } from '../../errors.js';
import { type Actor, divisionPrefix } from '../../lib/actor.js';
import type { Secrets } from '../../lib/secrets.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { PRIVACY_NOTICE_VERSION } from './account-factory.js';
import { canActFor, staffDivisions } from './identity.policy.js';
import { IdentityRepository } from './identity.repository.js';
import type { PrivacyService } from './privacy.service.js';

type ProfilePatch = Parameters<PrivacyService['updateProfile']>[1];
type RealNameInput = Parameters<PrivacyService['submitRealName']>[1];

/**
 * 代办: community workers register residents who have no phone of their own (often elderly) and
 * act for them. Such an account has no phone and cannot sign in; it is managed by the community
 * it was registered in. Every act goes through the same services as the person's own, with a
 * delegated actor (`actedBy`), so the same rules apply and each act is marked in the trust log.
 * A worker whose grants do not cover the managing community is refused (`forbidden`).
 */
export class ProxyService {
  private readonly repo: IdentityRepository;

  constructor(
    private readonly db: Db,
    private readonly secrets: Secrets,
    private readonly log: LogAppender,
    private readonly privacy: PrivacyService,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new IdentityRepository(db.kysely);
  }

  /** Registers a phone-less resident in a community the worker covers; logged without personal data. */
  async register(actor: Actor, input: { nickname: string; homeDivision: string }): Promise<{ id: string }> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const division = await this.db.kysely
      .selectFrom('divisions')
      .select('level')
      .where('code', '=', input.homeDivision)
      .executeTakeFirst();
    if (division?.level !== 'community')
      throw new AppError('division_not_found', { code: input.homeDivision });
    if (!canActFor(actor, input.homeDivision)) throw new AppError('forbidden');
    const id = uuidv7();
    const now = this.now();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('accounts')
        .values({
          id,
          nickname: input.nickname.trim(),
          phone_cipher: null,
          phone_index: null,
          home_division: input.homeDivision,
          managed_division: input.homeDivision,
          verification: 'phone',
          status: 'active',
          privacy_version: PRIVACY_NOTICE_VERSION,
          created_at: now,
          updated_at: now,
          name_cipher: null,
          resident_id_cipher: null,
          resident_id_index: null,
          party_member: 0,
          verified_at: null,
          compound_id: null,
          building_id: null,
          unit: null,
        })
        .execute();
      const repo = this.repo.withExecutor(trx);
      await repo.insertAccountKey(id, this.secrets.wrapDataKey(this.secrets.newDataKey(), id), now);
      // The worker read the privacy notice to the person, who accepted it in front of them.
      await repo.ensureConsent(id, 'privacy_notice', PRIVACY_NOTICE_VERSION, now);
      const subject = await this.log.pseudonym(trx, `account:${id}`);
      const by = await this.log.pseudonym(trx, `account:${actor.accountId}`);
      await this.log.append(trx, [
        {
          kind: 'identity.managed_account_created',
          v: 1,
          data: { subject, by, division: input.homeDivision, privacy: PRIVACY_NOTICE_VERSION },
        },
      ]);
    });
    return { id };
  }

  /** Managed residents in the communities the staff member covers (scoped in the query). */
  async list(actor: Actor): Promise<ManagedResident[]> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const divisions = staffDivisions(actor);
    if (divisions.length === 0 || actor.actedBy) throw new AppError('forbidden');
    const rows = await this.db.kysely
      .selectFrom('accounts')
      .select(['id', 'nickname', 'home_division', 'managed_division', 'verification', 'skills', 'created_at'])
      .where('status', '=', 'active')
      .where('managed_division', 'is not', null)
      .where((eb) => eb.or(divisions.map((d) => eb('managed_division', 'like', `${divisionPrefix(d)}%`))))
      .orderBy('created_at')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      nickname: r.nickname,
      homeDivision: r.home_division,
      managedDivision: r.managed_division!,
      verification: r.verification,
      skills: JSON.parse(r.skills) as string[],
      createdAt: toNumber(r.created_at),
      abilities: { actFor: canActFor(actor, r.managed_division) },
    }));
  }

  /**
   * The delegated actor for acting on behalf of a managed person: `not_found` when there is no
   * such active managed account, `forbidden` when the worker does not cover its community.
   */
  async actorFor(actor: Actor, residentId: string): Promise<Actor> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const account = await this.repo.accountById(residentId);
    if (account?.status !== 'active' || !account.managedDivision) throw new AppError('not_found');
    if (!canActFor(actor, account.managedDivision)) throw new AppError('forbidden');
    return { kind: 'person', accountId: account.id, grants: [], actedBy: actor.accountId };
  }

  /** Corrects a managed person's profile for them (a new home stays within the worker's reach). */
  async updateProfile(actor: Actor, residentId: string, patch: ProfilePatch): Promise<void> {
    const delegated = await this.actorFor(actor, residentId);
    if (patch.homeDivision && !canActFor(actor, patch.homeDivision)) throw new AppError('forbidden');
    await this.privacy.updateProfile(delegated, patch);
  }

  /** Records the person's real name and ID number, given in front of the worker with their consent. */
  async submitRealName(actor: Actor, residentId: string, input: RealNameInput): Promise<void> {
    await this.privacy.submitRealName(await this.actorFor(actor, residentId), input);
  }
}
