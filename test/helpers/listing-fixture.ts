import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../server/db/database.js';

export interface ListingFixture {
  ownerId: string;
  direction: 'offer' | 'need';
  /** The community (12-digit code). */
  divisionCode: string;
  category?: string;
  title?: string;
  capacity?: number;
  minutes?: number | null;
  requiredVerification?: 'phone' | 'real_name' | 'in_person';
  status?: 'open' | 'closed' | 'expired' | 'fulfilled';
  expiresAt?: number;
}

/**
 * An open listing inserted straight into `listings`, for tests of modules that answer listings
 * (exchanges) without going through the listings service. Categories are plain keys.
 */
export async function insertListing(db: Db, f: ListingFixture): Promise<string> {
  const id = uuidv7();
  const now = Date.now();
  const capacity = f.capacity ?? 1;
  await db.kysely
    .insertInto('listings')
    .values({
      id,
      owner_id: f.ownerId,
      acted_by: null,
      direction: f.direction,
      kind: 'service',
      title: f.title ?? (f.direction === 'offer' ? '上门修水龙头' : '厨房水龙头漏水，求帮忙'),
      description: '',
      district_code: `${f.divisionCode.slice(0, 6)}000000`,
      category: f.category ?? 'plumbing',
      tags: '[]',
      division_code: f.divisionCode,
      compound_id: null,
      availability: '[]',
      deadline: null,
      minutes: f.minutes === undefined ? 60 : f.minutes,
      points: null,
      required_verification: f.requiredVerification ?? 'phone',
      capacity,
      open_slots: f.status === 'fulfilled' ? 0 : capacity,
      alerts: 0,
      status: f.status ?? 'open',
      expires_at: f.expiresAt ?? now + 30 * 86_400_000,
      created_at: now,
      updated_at: now,
      closed_at: null,
    })
    .execute();
  return id;
}

export async function openSlots(db: Db, id: string): Promise<{ openSlots: number; status: string }> {
  const row = await db.kysely
    .selectFrom('listings')
    .select(['open_slots', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { openSlots: Number(row.open_slots), status: row.status };
}
