import { v7 as uuidv7 } from 'uuid';
import type { Compound } from '../../../common/schemas/divisions.js';
import type { Db } from '../../db/database.js';
import { toNumber } from '../../db/dialect.js';
import { AppError } from '../../errors.js';
import { type Actor, grantCovers } from '../../lib/actor.js';
import type { LogAppender } from '../trustlog/log-appender.js';

/** Community workers create the compounds (小区) and buildings of their community. */
function canManageCompounds(actor: Actor, communityCode: string): boolean {
  return (
    actor.kind === 'system' ||
    (actor.kind === 'person' &&
      actor.grants.some(
        (g) => ['worker', 'street_admin', 'district_admin'].includes(g.role) && grantCovers(g, communityCode),
      ))
  );
}

/** Compounds and buildings below a community: public to read, workers create them (logged). */
export class CompoundsService {
  constructor(
    private readonly db: Db,
    private readonly log: LogAppender,
    private readonly now: () => number = Date.now,
  ) {}

  async list(communityCode: string): Promise<Compound[]> {
    const compounds = await this.db.kysely
      .selectFrom('compounds')
      .selectAll()
      .where('community_code', '=', communityCode)
      .orderBy('name')
      .execute();
    const buildings = compounds.length
      ? await this.db.kysely
          .selectFrom('buildings')
          .selectAll()
          .where(
            'compound_id',
            'in',
            compounds.map((c) => c.id),
          )
          .orderBy('name')
          .execute()
      : [];
    return compounds.map((c) => ({
      id: c.id,
      communityCode: c.community_code,
      name: c.name,
      buildings: buildings.filter((b) => b.compound_id === c.id).map((b) => ({ id: b.id, name: b.name })),
      createdAt: toNumber(c.created_at),
    }));
  }

  async createCompound(actor: Actor, communityCode: string, name: string): Promise<{ id: string }> {
    if (!canManageCompounds(actor, communityCode)) throw new AppError('forbidden');
    const community = await this.db.kysely
      .selectFrom('divisions')
      .select('level')
      .where('code', '=', communityCode)
      .executeTakeFirst();
    if (community?.level !== 'community') throw new AppError('division_not_found', { code: communityCode });
    const id = uuidv7();
    await this.db.kysely.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('compounds')
        .select('id')
        .where('community_code', '=', communityCode)
        .where('name', '=', name.trim())
        .executeTakeFirst();
      if (taken) throw new AppError('conflict');
      await trx
        .insertInto('compounds')
        .values({ id, community_code: communityCode, name: name.trim(), created_at: this.now() })
        .execute();
      await this.log.append(trx, [
        {
          kind: 'divisions.compound_created',
          v: 1,
          data: { id, community: communityCode, name: name.trim() },
        },
      ]);
    });
    return { id };
  }

  async createBuilding(actor: Actor, compoundId: string, name: string): Promise<{ id: string }> {
    const compound = await this.db.kysely
      .selectFrom('compounds')
      .selectAll()
      .where('id', '=', compoundId)
      .executeTakeFirst();
    if (!compound || !canManageCompounds(actor, compound.community_code)) throw new AppError('not_found');
    const id = uuidv7();
    await this.db.kysely.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('buildings')
        .select('id')
        .where('compound_id', '=', compoundId)
        .where('name', '=', name.trim())
        .executeTakeFirst();
      if (taken) throw new AppError('conflict');
      await trx
        .insertInto('buildings')
        .values({ id, compound_id: compoundId, name: name.trim(), created_at: this.now() })
        .execute();
      await this.log.append(trx, [
        { kind: 'divisions.building_created', v: 1, data: { id, compound: compoundId, name: name.trim() } },
      ]);
    });
    return { id };
  }

  /** True when the building (if given) is in the compound, and the compound in the community. */
  async placeIsValid(communityCode: string, compoundId: string, buildingId?: string): Promise<boolean> {
    const compound = await this.db.kysely
      .selectFrom('compounds')
      .select('community_code')
      .where('id', '=', compoundId)
      .executeTakeFirst();
    if (compound?.community_code !== communityCode) return false;
    if (!buildingId) return true;
    const building = await this.db.kysely
      .selectFrom('buildings')
      .select('compound_id')
      .where('id', '=', buildingId)
      .executeTakeFirst();
    return building?.compound_id === compoundId;
  }
}
