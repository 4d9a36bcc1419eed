import sharp from 'sharp';
import type { Db } from '../../db/database.js';
import { toNumber } from '../../db/dialect.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';

/** Uploads larger than this are refused before they are decoded. */
export const AVATAR_MAX_BYTES = 3 * 1024 * 1024;
const SIZE = 256;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

/**
 * Profile pictures. An upload must decode as a JPEG, PNG or WebP image (whatever its declared
 * type says); it is re-encoded as a 256×256 WebP, which also drops EXIF data such as where a
 * photo was taken. Stored in the database as bytes, so backups and deletion cover it.
 */
export class AvatarService {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async upload(actor: Actor, input: Uint8Array): Promise<{ updatedAt: number }> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    if (input.byteLength > AVATAR_MAX_BYTES) throw new AppError('payload_too_large');
    let bytes: Buffer;
    try {
      const image = sharp(input, { limitInputPixels: 40_000_000, failOn: 'error' });
      const meta = await image.metadata();
      if (!meta.format || !ACCEPTED.has(meta.format)) throw new Error('format');
      bytes = await image.rotate().resize(SIZE, SIZE, { fit: 'cover' }).webp({ quality: 80 }).toBuffer();
    } catch {
      throw new AppError('avatar_invalid');
    }
    const now = this.now();
    await this.db.kysely
      .insertInto('avatars')
      .values({ account_id: actor.accountId, mime: 'image/webp', bytes, updated_at: now })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ mime: 'image/webp', bytes, updated_at: now }))
      .execute();
    return { updatedAt: now };
  }

  async remove(actor: Actor): Promise<void> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const result = await this.db.kysely
      .deleteFrom('avatars')
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
  }

  /** The picture of an active account (neighbours see each other's pictures, like nicknames). */
  async get(accountId: string): Promise<{ mime: string; bytes: Buffer; updatedAt: number }> {
    const row = await this.db.kysely
      .selectFrom('avatars as v')
      .innerJoin('accounts as a', 'a.id', 'v.account_id')
      .select(['v.mime', 'v.bytes', 'v.updated_at'])
      .where('v.account_id', '=', accountId)
      .where('a.status', '=', 'active')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return { mime: row.mime, bytes: Buffer.from(row.bytes), updatedAt: toNumber(row.updated_at) };
  }

  /** When my picture last changed, or null without one (for the avatar URL's cache key). */
  async updatedAt(accountId: string): Promise<number | null> {
    const row = await this.db.kysely
      .selectFrom('avatars')
      .select('updated_at')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? toNumber(row.updated_at) : null;
  }
}
