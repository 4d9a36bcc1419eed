import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ED25519 } from '../common/tlog/note.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { type Actor, SYSTEM } from '../server/lib/actor.js';
import { Secrets } from '../server/lib/secrets.js';
import { formatSignerKey, parseSignerKey } from '../server/modules/trustlog/signing-key.js';
import { buildServices, type Services } from '../server/services.js';
import type { QualityNeed, QualityOffer, QualitySet } from './matching-quality.js';

const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

/** Services over a fresh SQLite database in a temporary folder, with Chancheng imported. */
export async function freshServices(): Promise<{
  services: Services;
  close: () => Promise<void>;
  db: Awaited<ReturnType<typeof openDatabase>>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-matching-'));
  const db = await openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  const services = buildServices(db, {
    log: {
      signer: parseSignerKey(formatSignerKey('linli.bench/log', ED25519, randomBytes(32)), ED25519),
      witnesses: [],
      checkpointIntervalMs: 0,
    },
    secrets: new Secrets(new Uint8Array(randomBytes(32))),
  });
  await services.divisions.importArea(SYSTEM, '440604');
  return {
    services,
    db,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Places relative to the needs' resident: a compound in C1, the rest of C1, its street, the district. */
export async function places(services: Services) {
  const communities = await services.divisions.communitiesUnder('440604');
  const home = communities[0]!.code;
  const street = communities.find((c) => c.code !== home && c.code.slice(0, 9) === home.slice(0, 9))!.code;
  const far = communities.filter((c) => c.code.slice(0, 9) !== home.slice(0, 9)).map((c) => c.code);
  const compound = (await services.compounds.createCompound(SYSTEM, home, '绿景花园')).id;
  return { home, street, far, compound, communities: communities.map((c) => c.code) };
}

/**
 * The real engine as a ranker for the quality set: every offer posted through the listings
 * service by its own helper, placed as the set says (same compound, community, street, or
 * elsewhere in the district); each need posted by a resident of the compound and ranked through
 * the matching service.
 */
export async function engineRanker(set: QualitySet) {
  const { services, close, db } = await freshServices();
  const where = await places(services);
  const byListing = new Map<string, string>();
  const offerAccount = async (i: number, offer: QualityOffer) => {
    const { accountId } = await services.accounts.ensureAccount(SYSTEM, `1360${String(i).padStart(7, '0')}`);
    const home =
      offer.place === 'same_compound' || offer.place === 'same_community'
        ? where.home
        : offer.place === 'same_street'
          ? where.street
          : where.far[i % where.far.length]!;
    await services.privacy.updateProfile(person(accountId), {
      homeDivision: home,
      nickname: `帮手${i}`,
      ...(offer.place === 'same_compound' ? { compoundId: where.compound } : {}),
    });
    return accountId;
  };
  const owners: string[] = [];
  for (const [i, offer] of set.offers.entries()) owners.push(await offerAccount(i, offer));
  // The helpers were seen in person by a worker, so they may offer help that enters a home.
  await db.kysely
    .updateTable('accounts')
    .set({ verification: 'in_person' })
    .where('id', 'in', owners)
    .execute();
  const { accountId: resident } = await services.accounts.ensureAccount(SYSTEM, '13599999999');
  await services.privacy.updateProfile(person(resident), {
    homeDivision: where.home,
    compoundId: where.compound,
    nickname: '街坊',
  });
  for (const [i, offer] of set.offers.entries()) {
    const listing = await services.listings.create(person(owners[i]!), {
      direction: 'offer',
      kind: offer.kind,
      title: offer.title,
      description: offer.description,
      category: offer.category,
      tags: offer.tags,
      availability: offer.availability,
    });
    byListing.set(listing.id, offer.id);
  }
  const residentActor = person(resident);
  return {
    rank: async (need: QualityNeed) => {
      const listing = await services.listings.create(residentActor, {
        direction: 'need',
        kind: need.kind,
        title: need.title,
        description: need.description,
        category: need.category,
        tags: need.tags,
        availability: need.availability,
      });
      const matches = await services.matching.forListing(residentActor, listing.id, 10);
      await services.listings.close(residentActor, listing.id);
      return matches.items.map((m) => byListing.get(m.listing.id)!).filter(Boolean);
    },
    close,
  };
}
