import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DeviceKey } from '../../../common/schemas/identity.js';
import { fromBase64, toBase64 } from '../../../common/tlog/bytes.js';
import type { Db } from '../../db/database.js';
import { toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import type { DeviceKeyRegistry, LogAppender } from '../trustlog/log-appender.js';

type Executor = Kysely<Database> | Transaction<Database>;
const MAX_KEYS = 10;

/** Answers the trust log's question "is this an active device key of that account?". */
export class DeviceKeyLookup implements DeviceKeyRegistry {
  async isActiveKey(trx: Transaction<Database>, accountId: string, publicKey: Uint8Array): Promise<boolean> {
    const row = await trx
      .selectFrom('device_keys')
      .select('id')
      .where('account_id', '=', accountId)
      .where('public_key', '=', publicKey)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }
}

/**
 * The Ed25519 keys that a person's browsers hold (created there, never leaving the device), with
 * which they co-sign statements in the trust log. Registration and revocation are logged.
 */
export class DeviceKeysService {
  constructor(
    private readonly db: Db,
    private readonly log: LogAppender,
    private readonly now: () => number = Date.now,
  ) {}

  private async rows(executor: Executor, accountId: string) {
    return executor
      .selectFrom('device_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
  }

  async list(actor: Actor): Promise<DeviceKey[]> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    return (await this.rows(this.db.kysely, actor.accountId)).map((r) => ({
      id: r.id,
      label: r.label,
      publicKey: toBase64(new Uint8Array(r.public_key)),
      createdAt: toNumber(r.created_at),
    }));
  }

  async register(actor: Actor, input: { publicKey: string; label: string }): Promise<DeviceKey> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    let key: Uint8Array;
    try {
      key = fromBase64(input.publicKey);
    } catch {
      throw new AppError('invalid_device_key');
    }
    if (key.length !== 32) throw new AppError('invalid_device_key');
    const now = this.now();
    const id = uuidv7();
    return this.db.kysely.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('device_keys')
        .select(['id', 'account_id'])
        .where('public_key', '=', key)
        .executeTakeFirst();
      if (existing) throw new AppError('device_key_exists');
      if ((await this.rows(trx, actor.accountId)).length >= MAX_KEYS) throw new AppError('conflict');
      await trx
        .insertInto('device_keys')
        .values({
          id,
          account_id: actor.accountId,
          public_key: key,
          label: input.label,
          created_at: now,
          revoked_at: null,
        })
        .execute();
      const subject = await this.log.pseudonym(trx, `account:${actor.accountId}`);
      await this.log.append(trx, [
        {
          kind: 'identity.device_key_added',
          v: 1,
          data: { subject, key: toBase64(key) },
          notify: [actor.accountId],
        },
      ]);
      return { id, label: input.label, publicKey: toBase64(key), createdAt: now };
    });
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    await this.db.kysely.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('device_keys')
        .selectAll()
        .where('id', '=', id)
        .where('account_id', '=', actor.accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      // Another person's key is "not found", so its existence does not leak.
      if (!row) throw new AppError('not_found');
      await trx.updateTable('device_keys').set({ revoked_at: this.now() }).where('id', '=', id).execute();
      const subject = await this.log.pseudonym(trx, `account:${actor.accountId}`);
      await this.log.append(trx, [
        {
          kind: 'identity.device_key_revoked',
          v: 1,
          data: { subject, key: toBase64(new Uint8Array(row.public_key)) },
          notify: [actor.accountId],
        },
      ]);
    });
  }
}
