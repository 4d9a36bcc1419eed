import { createHash, randomBytes, randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { maskPhone, normalizePhone } from '../../../common/identity/phone.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Actor, RoleGrant } from '../../lib/actor.js';
import type { Secrets } from '../../lib/secrets.js';
import type { LogAppender } from '../trustlog/log-appender.js';
import { findOrCreateAccount, PRIVACY_NOTICE_VERSION } from './account-factory.js';
import { IdentityRepository } from './identity.repository.js';
import type { SmsSender } from './sms-sender.js';

const CODE_TTL_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const LOCK_MS = 15 * 60_000;
const PHONE_INTERVAL_MS = 60_000;
const PHONE_PER_DAY = 10;
const IP_PER_HOUR = 30;
export const SESSION_TTL_MS = 30 * 24 * 3600_000;
/** How long a process trusts a looked-up session before asking the database again. */
const SESSION_CACHE_MS = 5_000;
/**
 * How long a replaced session still works: requests already on their way with the old cookie
 * (parallel fetches, another tab) are not signed out by the replacement.
 */
export const ROTATION_GRACE_MS = 60_000;

export interface SessionInfo {
  id: string;
  accountId: string;
  csrfToken: string;
  grants: RoleGrant[];
  expiresAt: number;
  /** The person's grants changed since the session began: it should be replaced by a new one. */
  needsRotation?: boolean;
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Identifies a set of grants, so a session knows when the privileges it was issued with changed. */
export function grantsFingerprint(grants: readonly RoleGrant[]): string {
  const lines = grants.map((g) => `${g.role}@${g.divisionCode}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

/**
 * Phone sign-in with one-time SMS codes and database sessions. Codes are stored only as keyed
 * hashes, expire in 5 minutes, allow 5 tries, and are rate-limited per number and per address.
 * A first sign-in creates the account (its number encrypted under its own data key).
 */
export class AuthService {
  private readonly repo: IdentityRepository;
  private readonly cache = new Map<string, { session: SessionInfo | null; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly secrets: Secrets,
    private readonly sms: SmsSender,
    private readonly log: LogAppender,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new IdentityRepository(db.kysely);
  }

  private phoneOrThrow(raw: string): string {
    const phone = normalizePhone(raw);
    if (!phone) throw new AppError('invalid_phone');
    return phone;
  }

  /** Sends a 6-digit code; refuses (changing nothing) when rate limits or a lock apply. */
  async requestCode(raw: string, ip: string): Promise<{ expiresInS: number; resendAfterS: number }> {
    const phone = this.phoneOrThrow(raw);
    const phoneIndex = this.secrets.blindIndex('phone', phone);
    const now = this.now();
    const recent = await this.repo.codesSince({ phoneIndex }, now - 24 * 3600_000);
    const locked = recent.find((c) => c.attempts >= MAX_ATTEMPTS && c.createdAt > now - LOCK_MS);
    if (locked)
      throw new AppError('sms_code_locked', {
        retryAfterS: Math.ceil((locked.createdAt + LOCK_MS - now) / 1000),
      });
    const last = recent[0];
    if (last && last.createdAt > now - PHONE_INTERVAL_MS) {
      throw new AppError('sms_rate_limited', {
        retryAfterS: Math.ceil((last.createdAt + PHONE_INTERVAL_MS - now) / 1000),
      });
    }
    if (recent.length >= PHONE_PER_DAY)
      throw new AppError('sms_rate_limited', {
        retryAfterS: Math.ceil((recent[recent.length - 1]!.createdAt + 24 * 3600_000 - now) / 1000),
      });
    const fromIp = await this.repo.codesSince({ ip }, now - 3600_000);
    if (fromIp.length >= IP_PER_HOUR)
      throw new AppError('sms_rate_limited', {
        retryAfterS: Math.ceil((fromIp[fromIp.length - 1]!.createdAt + 3600_000 - now) / 1000),
      });

    const id = uuidv7();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.repo.insertCode({
      id,
      phoneIndex,
      codeHash: this.secrets.blindIndex('sms_code', `${id}:${code}`),
      ip,
      expiresAt: now + CODE_TTL_MS,
      now,
    });
    await this.sms.send({
      phone,
      phoneIndex,
      body: `【邻里】您的验证码是 ${code}，5 分钟内有效。请勿告诉他人。`,
    });
    return { expiresInS: CODE_TTL_MS / 1000, resendAfterS: PHONE_INTERVAL_MS / 1000 };
  }

  /**
   * Checks the newest code for the number; on success creates the account if needed and a new
   * session (a fresh id at every sign-in). Wrong codes count towards the lock.
   */
  async signIn(
    raw: string,
    code: string,
  ): Promise<{ token: string; session: SessionInfo; created: boolean }> {
    const phone = this.phoneOrThrow(raw);
    const phoneIndex = this.secrets.blindIndex('phone', phone);
    const now = this.now();
    const latest = await this.checkCode(phoneIndex, code, now);
    return this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.withExecutor(trx);
      if (!(await repo.consumeCode(latest.id, now, MAX_ATTEMPTS))) throw new AppError('sms_code_expired');
      const { account, created } = await findOrCreateAccount(
        trx,
        { secrets: this.secrets, log: this.log },
        phone,
        now,
      );
      // Signing in is accepting the current privacy notice (recorded once per version).
      await repo.ensureConsent(account.id, 'privacy_notice', PRIVACY_NOTICE_VERSION, now);
      const token = randomBytes(32).toString('base64url');
      const session: SessionInfo = {
        id: sessionIdOf(token),
        accountId: account.id,
        csrfToken: randomBytes(24).toString('base64url'),
        grants: await repo.activeGrants(account.id),
        expiresAt: now + SESSION_TTL_MS,
      };
      await repo.insertSession({
        id: session.id,
        accountId: account.id,
        csrfToken: session.csrfToken,
        now,
        expiresAt: session.expiresAt,
        grantsFingerprint: grantsFingerprint(session.grants),
      });
      return { token, session, created };
    });
  }

  /**
   * The newest code for a number if `code` matches it; wrong codes count towards the lock. The
   * caller consumes it (conditionally) in its own transaction.
   */
  private async checkCode(phoneIndex: string, code: string, now: number) {
    const [latest] = await this.repo.codesSince({ phoneIndex }, now - 24 * 3600_000);
    if (!latest || latest.consumedAt !== null || latest.expiresAt <= now)
      throw new AppError('sms_code_expired');
    if (latest.attempts >= MAX_ATTEMPTS)
      throw new AppError('sms_code_locked', {
        retryAfterS: Math.max(1, Math.ceil((latest.createdAt + LOCK_MS - now) / 1000)),
      });
    if (this.secrets.blindIndex('sms_code', `${latest.id}:${code}`) !== latest.codeHash) {
      await this.repo.addAttempt(latest.id);
      if (latest.attempts + 1 >= MAX_ATTEMPTS)
        throw new AppError('sms_code_locked', {
          retryAfterS: Math.ceil((latest.createdAt + LOCK_MS - now) / 1000),
        });
      throw new AppError('sms_code_invalid');
    }
    return latest;
  }

  /** The signed-in person themself (not a worker acting for someone) and their account. */
  private async ownAccount(actor: Actor) {
    if (actor.kind !== 'person' || actor.actedBy) throw new AppError('unauthorized');
    const account = await this.repo.accountById(actor.accountId);
    if (account?.status !== 'active') throw new AppError('unauthorized');
    return account;
  }

  /** Refuses a new number that is the current one or belongs to another account (one number, one account). */
  private async checkNewPhone(accountId: string, currentIndex: string | null, phoneIndex: string) {
    if (currentIndex === phoneIndex) throw new AppError('phone_unchanged');
    const holder = await this.repo.accountByPhoneIndex(phoneIndex);
    if (holder && holder.id !== accountId) throw new AppError('phone_taken');
  }

  /**
   * Changing my number, step 1: a code sent to the new number (same limits as sign-in codes).
   * Refused, changing nothing, when the number is my current one or already holds an account.
   */
  async requestPhoneChangeCode(
    actor: Actor,
    raw: string,
    ip: string,
  ): Promise<{ expiresInS: number; resendAfterS: number }> {
    const account = await this.ownAccount(actor);
    const phone = this.phoneOrThrow(raw);
    await this.checkNewPhone(account.id, account.phoneIndex, this.secrets.blindIndex('phone', phone));
    return this.requestCode(phone, ip);
  }

  /**
   * Changing my number, step 2: the code from the new number proves I hold it. The number is
   * encrypted under my data key with a new blind index (unique: a race with another account's
   * sign-up is refused as `phone_taken`), and the change is logged without the number.
   */
  async changePhone(actor: Actor, raw: string, code: string): Promise<{ phoneMasked: string }> {
    const account = await this.ownAccount(actor);
    const phone = this.phoneOrThrow(raw);
    const phoneIndex = this.secrets.blindIndex('phone', phone);
    await this.checkNewPhone(account.id, account.phoneIndex, phoneIndex);
    const now = this.now();
    const latest = await this.checkCode(phoneIndex, code, now);
    try {
      await this.db.kysely.transaction().execute(async (trx) => {
        const repo = this.repo.withExecutor(trx);
        if (!(await repo.consumeCode(latest.id, now, MAX_ATTEMPTS))) throw new AppError('sms_code_expired');
        const wrapped = await repo.accountKey(account.id);
        if (!wrapped) throw new AppError('unauthorized');
        const key = this.secrets.unwrapDataKey(wrapped, account.id);
        await trx
          .updateTable('accounts')
          .set({
            phone_cipher: this.secrets.encrypt(key, phone, `phone:${account.id}`),
            phone_index: phoneIndex,
            updated_at: now,
          })
          .where('id', '=', account.id)
          .where('status', '=', 'active')
          .execute();
        const subject = await this.log.pseudonym(trx, `account:${account.id}`);
        await this.log.append(trx, [
          { kind: 'identity.phone_changed', v: 1, data: { subject }, notify: [account.id] },
        ]);
      });
    } catch (error) {
      // The unique index on phone_index: another account took the number in the meantime.
      if (!(error instanceof AppError) && /unique|duplicate/i.test((error as Error).message))
        throw new AppError('phone_taken');
      throw error;
    }
    return { phoneMasked: maskPhone(phone) };
  }

  /** The live session for a cookie token, or null; cached briefly so authenticated reads stay cheap. */
  async sessionFor(token: string): Promise<SessionInfo | null> {
    const id = sessionIdOf(token);
    const now = this.now();
    const hit = this.cache.get(id);
    if (hit && now - hit.at < SESSION_CACHE_MS && (!hit.session || hit.session.expiresAt > now))
      return hit.session;
    const row = await this.repo.liveSession(id, now, ROTATION_GRACE_MS);
    let session: SessionInfo | null = null;
    if (row) {
      const grants = await this.repo.activeGrants(row.accountId);
      session = {
        id: row.id,
        accountId: row.accountId,
        csrfToken: row.csrfToken,
        grants,
        expiresAt: row.expiresAt,
        needsRotation: !row.rotated && grantsFingerprint(grants) !== row.grantsFingerprint,
      };
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { session, at: now });
    return session;
  }

  /**
   * Replaces a session whose grants changed with a new one (a new token, the same CSRF token and
   * expiry, the current grants), so a token from before a privilege change stops working after
   * a short grace. Only one request wins the replacement; the others get null and go on with
   * the old session.
   */
  async rotateSession(session: SessionInfo): Promise<{ token: string; session: SessionInfo } | null> {
    const now = this.now();
    return this.db.kysely.transaction().execute(async (trx) => {
      const repo = this.repo.withExecutor(trx);
      if (!(await repo.markRotated(session.id, now))) return null;
      const token = randomBytes(32).toString('base64url');
      const grants = await repo.activeGrants(session.accountId);
      const next: SessionInfo = { ...session, id: sessionIdOf(token), grants, needsRotation: false };
      await repo.insertSession({
        id: next.id,
        accountId: next.accountId,
        csrfToken: next.csrfToken,
        now,
        expiresAt: next.expiresAt,
        grantsFingerprint: grantsFingerprint(grants),
      });
      this.cache.delete(session.id);
      return { token, session: next };
    });
  }

  async signOut(actor: Actor): Promise<void> {
    if (actor.kind !== 'person' || !actor.sessionId) throw new AppError('unauthorized');
    await this.repo.revokeSession(actor.sessionId, this.now());
    this.cache.delete(actor.sessionId);
  }

  /** Revokes every session of the account (other processes notice within the cache time). */
  async signOutEverywhere(actor: Actor): Promise<number> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const ids = await this.repo.revokeAllSessions(actor.accountId, this.now());
    for (const id of ids) this.cache.delete(id);
    return ids.length;
  }

  /**
   * A personal access token for staff scripts (shown once; only its hash is kept). Only people
   * holding a staff role may create one; it carries their grants, checked on every use.
   */
  async createAccessToken(
    actor: Actor,
    name: string,
    days: number,
  ): Promise<{ id: string; token: string; expiresAt: number }> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    if (!actor.grants.some((g) => g.role !== 'resident')) throw new AppError('forbidden');
    const token = `linli_pat_${randomBytes(24).toString('base64url')}`;
    const id = uuidv7();
    const now = this.now();
    const expiresAt = now + days * 24 * 3600_000;
    await this.db.kysely
      .insertInto('access_tokens')
      .values({
        id,
        account_id: actor.accountId,
        name,
        token_hash: sessionIdOf(token),
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
    return { id, token, expiresAt };
  }

  async listAccessTokens(actor: Actor) {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const rows = await this.db.kysely
      .selectFrom('access_tokens')
      .select(['id', 'name', 'created_at', 'expires_at'])
      .where('account_id', '=', actor.accountId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: Number(r.created_at),
      expiresAt: Number(r.expires_at),
    }));
  }

  async revokeAccessToken(actor: Actor, id: string): Promise<void> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const result = await this.db.kysely
      .updateTable('access_tokens')
      .set({ revoked_at: this.now() })
      .where('id', '=', id)
      .where('account_id', '=', actor.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found');
    // The cache is keyed by token hash, which we no longer have: drop it whole.
    this.cache.clear();
  }

  /** The actor behind a bearer token, or null when it is unknown, revoked or expired. */
  async accessTokenFor(token: string): Promise<SessionInfo | null> {
    const hash = sessionIdOf(token);
    const now = this.now();
    const key = `pat:${hash}`;
    const hit = this.cache.get(key);
    if (hit && now - hit.at < SESSION_CACHE_MS) return hit.session;
    const row = await this.db.kysely
      .selectFrom('access_tokens as t')
      .innerJoin('accounts as a', 'a.id', 't.account_id')
      .select(['t.id', 't.account_id', 't.expires_at'])
      .where('t.token_hash', '=', hash)
      .where('t.revoked_at', 'is', null)
      .where('t.expires_at', '>', now)
      .where('a.status', '=', 'active')
      .executeTakeFirst();
    const session = row
      ? {
          id: `pat:${row.id}`,
          accountId: row.account_id,
          csrfToken: '',
          grants: await this.repo.activeGrants(row.account_id),
          expiresAt: Number(row.expires_at),
        }
      : null;
    this.cache.set(key, { session, at: now });
    return session;
  }

  /** Drops every cached session (grants changed): the next request reloads them. */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Drops this process's cached sessions of an account (after its sessions were revoked elsewhere). */
  forgetAccount(accountId: string): void {
    for (const [id, entry] of this.cache) if (entry.session?.accountId === accountId) this.cache.delete(id);
  }

  /** Development outbox, newest first (the console sender's messages). */
  async outbox(actor: Actor, options: { limit: number; phone?: string }) {
    if (actor.kind !== 'system') throw new AppError('forbidden');
    const phone = options.phone ? this.phoneOrThrow(options.phone) : undefined;
    return this.repo.outbox(options.limit, phone ? this.secrets.blindIndex('phone', phone) : undefined);
  }
}
