import { v7 as uuidv7 } from 'uuid';
import { maskPhone, normalizePhone } from '../../../common/identity/phone.js';
import type { GrantView, Me } from '../../../common/schemas/identity.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Actor, Role } from '../../lib/actor.js';
import { divisionPrefix } from '../../lib/actor.js';
import type { Secrets } from '../../lib/secrets.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { findOrCreateAccount } from './account-factory.js';
import { canGrantRole, canReadOwnAccount } from './identity.policy.js';
import { IdentityRepository } from './identity.repository.js';

/** Accounts and role grants. Personal fields are decrypted only for the person themself. */
export class AccountsService {
  private readonly repo: IdentityRepository;

  constructor(
    private readonly db: Db,
    private readonly secrets: Secrets,
    private readonly log: LogAppender,
    /** Sessions cache their grants briefly; told when grants change so they reload at once. */
    private readonly onGrantsChanged: () => void = () => {},
    private readonly avatars?: { updatedAt(accountId: string): Promise<number | null> },
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new IdentityRepository(db.kysely);
  }

  /** The signed-in person's own account, with their number shown masked. */
  async me(actor: Actor): Promise<Me> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    if (!canReadOwnAccount(actor, actor.accountId)) throw new AppError('forbidden');
    const account = await this.repo.accountById(actor.accountId);
    if (account?.status !== 'active') throw new AppError('unauthorized');
    const phone = await this.phoneOf(account.id, account.phoneCipher);
    const avatarAt = (await this.avatars?.updatedAt(account.id)) ?? null;
    return {
      avatarUrl: avatarAt === null ? null : `/api/accounts/${account.id}/avatar?v=${avatarAt}`,
      id: account.id,
      nickname: account.nickname,
      phoneMasked: phone ? maskPhone(phone) : null,
      verification: account.verification,
      homeDivision: account.homeDivision,
      partyMember: account.partyMember,
      compoundId: account.compoundId,
      buildingId: account.buildingId,
      unit: account.unit,
      skills: account.skills,
      availability: account.availability,
      roles: actor.grants.map((g) => ({ role: g.role, divisionCode: g.divisionCode })),
      createdAt: account.createdAt,
    };
  }

  private async phoneOf(accountId: string, cipher: string | null): Promise<string | null> {
    const wrapped = await this.repo.accountKey(accountId);
    if (!cipher || !wrapped) return null;
    return this.secrets.decrypt(this.secrets.unwrapDataKey(wrapped, accountId), cipher, `phone:${accountId}`);
  }

  /** The account of a phone number, created if needed (operator and seed use only). */
  async ensureAccount(actor: Actor, rawPhone: string): Promise<{ accountId: string; created: boolean }> {
    if (actor.kind !== 'system') throw new AppError('forbidden');
    const phone = normalizePhone(rawPhone);
    if (!phone) throw new AppError('invalid_phone');
    return this.db.kysely.transaction().execute(async (trx) => {
      const { account, created } = await findOrCreateAccount(
        trx,
        { secrets: this.secrets, log: this.log },
        phone,
        this.now(),
      );
      return { accountId: account.id, created };
    });
  }

  /**
   * Creates the account for a phone number if needed (operator use: `linli users create-admin`)
   * and grants a role on a division; both go to the trust log without personal data.
   */
  async grantRoleByPhone(
    actor: Actor,
    rawPhone: string,
    role: Role,
    divisionCode: string,
  ): Promise<{ accountId: string; created: boolean }> {
    if (!canGrantRole(actor, role, divisionCode)) throw new AppError('forbidden');
    const phone = normalizePhone(rawPhone);
    if (!phone) throw new AppError('invalid_phone');
    const now = this.now();
    const result = await this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.withExecutor(trx);
      const { account, created } = await findOrCreateAccount(
        trx,
        { secrets: this.secrets, log: this.log },
        phone,
        now,
      );
      const grants = await repo.activeGrants(account.id);
      if (!grants.some((g) => g.role === role && g.divisionCode === divisionCode)) {
        await repo.insertGrant({
          id: uuidv7(),
          accountId: account.id,
          role,
          divisionCode,
          grantedBy: actor.kind === 'person' ? actor.accountId : null,
          now,
        });
        const subject = await this.log.pseudonym(trx, `account:${account.id}`);
        await this.log.append(trx, [
          {
            kind: 'identity.role_granted',
            v: 1,
            data: { subject, role, division: divisionCode },
            notify: [account.id],
          },
        ]);
      }
      return { accountId: account.id, created };
    });
    this.onGrantsChanged();
    return result;
  }

  /** Active grants on divisions the admin covers (for the console), people by nickname only. */
  async grantsInMyDivisions(actor: Actor): Promise<GrantView[]> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const mine = actor.grants.filter((g) => g.role === 'district_admin' || g.role === 'street_admin');
    if (mine.length === 0) throw new AppError('forbidden');
    const rows = await this.db.kysely
      .selectFrom('role_grants as g')
      .innerJoin('accounts as a', 'a.id', 'g.account_id')
      .select(['g.id', 'g.role', 'g.division_code', 'g.created_at', 'a.nickname'])
      .where('g.revoked_at', 'is', null)
      .where((eb) =>
        eb.or(mine.map((m) => eb('g.division_code', 'like', `${divisionPrefix(m.divisionCode)}%`))),
      )
      .orderBy('g.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      divisionCode: r.division_code,
      nickname: r.nickname,
      createdAt: Number(r.created_at),
    }));
  }

  /** Revokes a grant the admin could have made; logged. */
  async revokeGrant(actor: Actor, grantId: string): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      const grant = await trx
        .selectFrom('role_grants')
        .selectAll()
        .where('id', '=', grantId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!grant || !canGrantRole(actor, grant.role as Role, grant.division_code))
        throw new AppError('not_found');
      await trx
        .updateTable('role_grants')
        .set({ revoked_at: this.now() })
        .where('id', '=', grantId)
        .execute();
      const subject = await this.log.pseudonym(trx, `account:${grant.account_id}`);
      await this.log.append(trx, [
        {
          kind: 'identity.role_revoked',
          v: 1,
          data: { subject, role: grant.role, division: grant.division_code },
          notify: [grant.account_id],
        },
      ]);
    });
    this.onGrantsChanged();
  }
}
