import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { normalizePhone } from '../../../common/identity/phone.js';
import type { FamilyLink } from '../../../common/schemas/family.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import type { Secrets } from '../../lib/secrets.js';
import type { Notifier } from '../notify/notify.service.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { isEligibleGuardian, parentAndChildOf } from './guardians.js';

export type Relation = 'parent' | 'child' | 'spouse' | 'sibling' | 'other';
/** "B is my parent" seen from B is "A is my child". */
const INVERSE: Record<Relation, Relation> = {
  parent: 'child',
  child: 'parent',
  spouse: 'spouse',
  sibling: 'sibling',
  other: 'other',
};

/**
 * Family links that both sides confirm. Asking never reveals whether a number has an account:
 * the answer is the same either way, and only a real account sees (and can confirm) the request.
 */
export class FamilyService {
  constructor(
    private readonly db: Db,
    private readonly secrets: Secrets,
    private readonly log: LogAppender,
    private readonly notifier: Notifier,
    private readonly now: () => number = Date.now,
  ) {}

  private person(actor: Actor): string {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    return actor.accountId;
  }

  async request(actor: Actor, rawPhone: string, relation: Relation): Promise<void> {
    const me = this.person(actor);
    const phone = normalizePhone(rawPhone);
    if (!phone) throw new AppError('invalid_phone');
    const index = this.secrets.blindIndex('phone', phone);
    await this.db.kysely.transaction().execute(async (trx) => {
      const target = await trx
        .selectFrom('accounts')
        .select('id')
        .where('phone_index', '=', index)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!target || target.id === me) return;
      const existing = await trx
        .selectFrom('family_links')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('requester_id', '=', me), eb('target_id', '=', target.id)]),
            eb.and([eb('requester_id', '=', target.id), eb('target_id', '=', me)]),
          ]),
        )
        .executeTakeFirst();
      if (existing) return;
      const id = uuidv7();
      await trx
        .insertInto('family_links')
        .values({
          id,
          requester_id: me,
          target_id: target.id,
          relation,
          status: 'pending',
          created_at: this.now(),
          confirmed_at: null,
        })
        .execute();
      await this.notifier.notifyInTransaction(trx, [target.id], 'identity.family_request', { id });
    });
  }

  async list(actor: Actor): Promise<FamilyLink[]> {
    const me = this.person(actor);
    const rows = await this.db.kysely
      .selectFrom('family_links as f')
      .innerJoin('accounts as r', 'r.id', 'f.requester_id')
      .innerJoin('accounts as t', 't.id', 'f.target_id')
      .select([
        'f.id',
        'f.requester_id',
        'f.target_id',
        'f.relation',
        'f.status',
        'f.created_at',
        'r.nickname as requesterNickname',
        't.nickname as targetNickname',
      ])
      .where((eb) => eb.or([eb('f.requester_id', '=', me), eb('f.target_id', '=', me)]))
      .orderBy('f.created_at')
      .execute();
    const consents = await this.db.kysely
      .selectFrom('guardian_consents')
      .select(['guardian_id', 'child_id'])
      .where((eb) => eb.or([eb('guardian_id', '=', me), eb('child_id', '=', me)]))
      .where('withdrawn_at', 'is', null)
      .execute();
    return rows.map((r) => {
      const outgoing = r.requester_id === me;
      const pair = r.status === 'confirmed' ? parentAndChildOf(r) : null;
      const guardian = pair ? (pair.parent === me ? 'me' : 'them') : null;
      return {
        guardian,
        guardianConsent:
          pair !== null && consents.some((c) => c.guardian_id === pair.parent && c.child_id === pair.child),
        id: r.id,
        relation: outgoing ? r.relation : INVERSE[r.relation as Relation],
        otherNickname: outgoing ? r.targetNickname : r.requesterNickname,
        status: r.status as FamilyLink['status'],
        direction: outgoing ? 'outgoing' : 'incoming',
        createdAt: Number(r.created_at),
      };
    });
  }

  /** Logs a change to a link between two pseudonyms and tells both people. */
  private async logLink(
    trx: Transaction<Database>,
    link: { requester_id: string; target_id: string },
    kind: string,
    extra: { [key: string]: string } = {},
  ): Promise<void> {
    const a = await this.log.pseudonym(trx, `account:${link.requester_id}`);
    const b = await this.log.pseudonym(trx, `account:${link.target_id}`);
    await this.log.append(trx, [
      { kind, v: 1, data: { a, b, ...extra }, notify: [link.requester_id, link.target_id] },
    ]);
  }

  /** The person asked confirms; both are then linked, in the log by pseudonym only. */
  async confirm(actor: Actor, id: string): Promise<void> {
    const me = this.person(actor);
    await this.db.kysely.transaction().execute(async (trx) => {
      const link = await trx
        .selectFrom('family_links')
        .selectAll()
        .where('id', '=', id)
        .where('target_id', '=', me)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!link) throw new AppError('not_found');
      await trx
        .updateTable('family_links')
        .set({ status: 'confirmed', confirmed_at: this.now() })
        .where('id', '=', id)
        .execute();
      await this.logLink(trx, link, 'identity.family_linked', { relation: link.relation });
    });
  }

  /** Either side may end a link or withdraw or decline a request. */
  async remove(actor: Actor, id: string): Promise<void> {
    const me = this.person(actor);
    await this.db.kysely.transaction().execute(async (trx) => {
      const link = await trx
        .selectFrom('family_links')
        .selectAll()
        .where('id', '=', id)
        .where((eb) => eb.or([eb('requester_id', '=', me), eb('target_id', '=', me)]))
        .executeTakeFirst();
      if (!link) throw new AppError('not_found');
      await trx.deleteFrom('family_links').where('id', '=', id).execute();
      if (link.status === 'confirmed') {
        await this.logLink(trx, link, 'identity.family_unlinked');
      }
    });
  }

  /**
   * The parent side of a confirmed link consents, as guardian, to the child (under 14) being
   * verified and using Linli. Only a verified adult may; logged by pseudonym only.
   */
  async giveGuardianConsent(actor: Actor, linkId: string): Promise<void> {
    const me = this.person(actor);
    const now = this.now();
    await this.db.kysely.transaction().execute(async (trx) => {
      const link = await trx
        .selectFrom('family_links')
        .selectAll()
        .where('id', '=', linkId)
        .where('status', '=', 'confirmed')
        .where((eb) => eb.or([eb('requester_id', '=', me), eb('target_id', '=', me)]))
        .executeTakeFirst();
      const pair = link && parentAndChildOf(link);
      if (!pair || pair.parent !== me) throw new AppError('not_found');
      if (!(await isEligibleGuardian(trx, this.secrets, me, now)))
        throw new AppError('guardian_not_eligible');
      const active = await trx
        .selectFrom('guardian_consents')
        .select('id')
        .where('guardian_id', '=', me)
        .where('child_id', '=', pair.child)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      if (active) return;
      await trx
        .insertInto('guardian_consents')
        .values({ id: uuidv7(), guardian_id: me, child_id: pair.child, created_at: now, withdrawn_at: null })
        .execute();
      await this.logGuardian(trx, pair, 'identity.guardian_consent');
    });
  }

  /** The guardian withdraws their consent (the child's later verification needs it again). */
  async withdrawGuardianConsent(actor: Actor, linkId: string): Promise<void> {
    const me = this.person(actor);
    await this.db.kysely.transaction().execute(async (trx) => {
      const link = await trx
        .selectFrom('family_links')
        .selectAll()
        .where('id', '=', linkId)
        .where((eb) => eb.or([eb('requester_id', '=', me), eb('target_id', '=', me)]))
        .executeTakeFirst();
      const pair = link && parentAndChildOf(link);
      if (!pair || pair.parent !== me) throw new AppError('not_found');
      const result = await trx
        .updateTable('guardian_consents')
        .set({ withdrawn_at: this.now() })
        .where('guardian_id', '=', me)
        .where('child_id', '=', pair.child)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found');
      await this.logGuardian(trx, pair, 'identity.guardian_consent_withdrawn');
    });
  }

  private async logGuardian(
    trx: Transaction<Database>,
    pair: { parent: string; child: string },
    kind: string,
  ): Promise<void> {
    const guardian = await this.log.pseudonym(trx, `account:${pair.parent}`);
    const child = await this.log.pseudonym(trx, `account:${pair.child}`);
    await this.log.append(trx, [
      { kind, v: 1, data: { guardian, child }, notify: [pair.parent, pair.child] },
    ]);
  }
}
