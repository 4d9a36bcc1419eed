import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { SYSTEM } from './lib/actor.js';
import type { ProgressFn } from './lib/progress.js';
import { runSeed } from './seed/seed.js';
import type { Services } from './services.js';

export interface BootstrapReport {
  migrations: string[];
  imported: { code: string; name: string; total: number }[];
  seeded: boolean;
}

/**
 * Brings a database to a usable state: migrations, and on an empty database the configured areas
 * (Chancheng 440604 and 亚运村街道 110105009 by default) and, unless LINLI_DEMO=0, the demo seed.
 */
export async function bootstrap(
  db: Db,
  services: Services,
  config: Pick<Config, 'defaultAreas' | 'demo'>,
  onProgress?: ProgressFn,
): Promise<BootstrapReport> {
  const migrations = await migrateToLatest(db);
  const report: BootstrapReport = { migrations, imported: [], seeded: false };
  if (!(await services.divisions.isEmpty())) return report;
  for (const code of config.defaultAreas) {
    const result = await services.divisions.importArea(SYSTEM, code, onProgress);
    report.imported.push({ code: result.code, name: result.name, total: result.total });
    // The default taxonomy of each district imported (idempotent; admins edit it later).
    await services.listings.ensureDefaultCategories(code.slice(0, 6));
  }
  if (config.demo) {
    await runSeed(db, services, { seed: 1, scale: 1, areas: config.defaultAreas, onProgress });
    report.seeded = true;
  }
  return report;
}
