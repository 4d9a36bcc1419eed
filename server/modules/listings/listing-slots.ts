import { type Kysely, sql, type Transaction } from 'kysely';
import { toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

type Status = ListingForExchange['status'];
const lit = (status: Status) => sql<Status>`${status}`;

type Executor = Kysely<Database> | Transaction<Database>;

/** What the exchanges module needs to know of a listing it answers. */
export interface ListingForExchange {
  id: string;
  ownerId: string;
  direction: 'offer' | 'need';
  kind: 'skill' | 'service' | 'time' | 'item';
  title: string;
  category: string;
  districtCode: string;
  /** The community (12-digit code) the listing is in. */
  divisionCode: string;
  compoundId: string | null;
  status: 'open' | 'closed' | 'expired' | 'fulfilled';
  capacity: number;
  openSlots: number;
  requiredVerification: 'phone' | 'real_name' | 'in_person';
  minutes: number | null;
  points: number | null;
  expiresAt: number;
}

/**
 * The listings module's interface to exchanges: read a listing, take and give back its slots.
 * A slot is taken by one conditional update (`open_slots > 0`), so two acceptances of the last
 * slot cannot both win on either database; the listing is `fulfilled` while no slot is open and
 * `open` again when one is given back before it expires.
 */
export class ListingSlots {
  constructor(private readonly now: () => number = Date.now) {}

  async get(db: Executor, id: string): Promise<ListingForExchange | null> {
    const row = await db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      ownerId: row.owner_id,
      direction: row.direction,
      kind: row.kind,
      title: row.title,
      category: row.category,
      districtCode: row.district_code,
      divisionCode: row.division_code,
      compoundId: row.compound_id,
      status: row.status,
      capacity: toNumber(row.capacity),
      openSlots: toNumber(row.open_slots),
      requiredVerification: row.required_verification as ListingForExchange['requiredVerification'],
      minutes: row.minutes === null ? null : toNumber(row.minutes),
      points: row.points === null ? null : toNumber(row.points),
      expiresAt: toNumber(row.expires_at),
    };
  }

  /** Takes one open slot; false when the listing is full, closed or expired (nothing changed). */
  async take(trx: Transaction<Database>, id: string): Promise<boolean> {
    const now = this.now();
    const result = await trx
      .updateTable('listings')
      .set((eb) => ({
        open_slots: eb('open_slots', '-', 1),
        status: eb.case().when('open_slots', '=', 1).then(lit('fulfilled')).else(lit('open')).end(),
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('open_slots', '>', 0)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return toNumber(result.numUpdatedRows) === 1;
  }

  /** Gives a slot back (a cancelled or declined exchange); a fulfilled listing opens again. */
  async release(trx: Transaction<Database>, id: string): Promise<void> {
    await trx
      .updateTable('listings')
      .set((eb) => ({
        open_slots: eb('open_slots', '+', 1),
        status: eb.case().when('status', '=', 'fulfilled').then(lit('open')).else(eb.ref('status')).end(),
        updated_at: this.now(),
      }))
      .where('id', '=', id)
      .whereRef('open_slots', '<', 'capacity')
      .execute();
  }
}
