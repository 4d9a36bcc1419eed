import type { Db } from '../db/database.js';
import { SYSTEM } from '../lib/actor.js';
import type { ProgressFn } from '../lib/progress.js';
import { Random } from '../lib/random.js';
import type { Services } from '../services.js';

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

export const seedSteps: SeedStep[] = [areasStep];

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
