import type { Command } from 'commander';
import { SYSTEM } from '../server/lib/actor.js';
import { withDb } from './linli.js';

/** `linli listings …`: maintenance of offers and needs (the operator acts as the system). */
export function registerListingsCommands(program: Command): void {
  const listings = program.command('listings').description('offers and needs: search index, expiry');
  listings
    .command('reindex')
    .description('rebuild the search terms of every open listing (after a dictionary change)')
    .action(async () => {
      await withDb(async (_d, services) => {
        const n = await services.listings.reindex(SYSTEM);
        console.log(`reindexed ${n} listings`);
      });
    });
  listings
    .command('expire')
    .description('mark every listing past its expiry as expired (the server also does this lazily)')
    .action(async () => {
      await withDb(async (_d, services) => {
        console.log(`expired ${await services.listings.expireDue()} listings`);
      });
    });
}
