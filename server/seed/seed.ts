import type { Db } from '../db/database.js';
import { SYSTEM } from '../lib/actor.js';
import type { ProgressFn } from '../lib/progress.js';
import { Random } from '../lib/random.js';
import type { Services } from '../services.js';
import { exchangesStep } from './exchanges.seed.js';
import { hutsStep } from './huts.seed.js';
import { listingsStep } from './listings.seed.js';
import { pointsStep } from './points.seed.js';
import { residentsStep } from './residents.seed.js';
import { reviewsStep } from './reviews.seed.js';

export interface SeedOptions {
  /** Same seed, same data. */
  seed: number;
  /** Multiplies the demo population; 1 is a small neighbourhood. */
  scale: number;
  /** Areas to make sure are imported before anything is seeded into them. */
  areas: readonly string[];
  onProgress?: ProgressFn;
  log?: (line: string) => void;
}

export interface SeedContext {
  db: Db;
  services: Services;
  random: Random;
  scale: number;
  areas: readonly string[];
  onProgress: ProgressFn;
  log: (line: string) => void;
}

/**
 * One step of the demo seed. Modules add their own steps to `seedSteps` (people, listings,
 * huts, …); each must be idempotent, so seeding twice with the same seed changes nothing.
 */
export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<{ created: number }>;
}

const areasStep: SeedStep = {
  name: 'divisions',
  async run(ctx) {
    let created = 0;
    for (const code of ctx.areas) {
      const result = await ctx.services.divisions.importArea(SYSTEM, code, ctx.onProgress);
      created += result.inserted;
    }
    return { created };
  },
};

/** Demo staff: a district admin of the first area and a worker of its first community. */
export const DEMO_ADMIN_PHONE = '13800000000';
export const DEMO_WORKER_PHONE = '13800000001';
/** The first seeded resident (residents.seed numbers them 199…0, 199…1, …). */
export const DEMO_RESIDENT_PHONE = '19900000000';

const staffStep: SeedStep = {
  name: 'staff',
  async run(ctx) {
    const [first] = ctx.areas;
    if (!first) return { created: 0 };
    const area = await ctx.services.divisions.get(SYSTEM, first);
    const admin = await ctx.services.accounts.grantRoleByPhone(
      SYSTEM,
      DEMO_ADMIN_PHONE,
      'district_admin',
      area.division.code,
    );
    // The first community below the area, in official order.
    let code = area.division.code;
    for (;;) {
      const children = await ctx.services.divisions.children(SYSTEM, code);
      const next = children.items[0];
      if (!next) break;
      code = next.code;
    }
    const worker = await ctx.services.accounts.grantRoleByPhone(SYSTEM, DEMO_WORKER_PHONE, 'worker', code);
    return { created: Number(admin.created) + Number(worker.created) };
  },
};

// Exchanges answer the listings seeded before them; reviews are of the exchanges that ended
// (their windows open when an exchange is paid or resolved).
export const seedSteps: SeedStep[] = [
  areasStep,
  staffStep,
  residentsStep,
  pointsStep,
  listingsStep,
  exchangesStep,
  reviewsStep,
  hutsStep,
];

export interface SeedReport {
  steps: { name: string; created: number }[];
}

/** Runs every seed step in order with one deterministic random source. */
export async function runSeed(db: Db, services: Services, options: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(options.seed)) throw new Error('seed must be an integer');
  if (!(options.scale > 0)) throw new Error('scale must be positive');
  const ctx: SeedContext = {
    db,
    services,
    random: new Random(options.seed),
    scale: options.scale,
    areas: options.areas,
    onProgress: options.onProgress ?? (() => {}),
    log: options.log ?? (() => {}),
  };
  const steps: SeedReport['steps'] = [];
  for (const step of seedSteps) {
    ctx.log(`seed: ${step.name}`);
    const { created } = await step.run(ctx);
    steps.push({ name: step.name, created });
  }
  return { steps };
}
