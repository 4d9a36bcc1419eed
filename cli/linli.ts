import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorMessages } from '../common/i18n/errors.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { type Db, openDatabase } from '../server/db/database.js';
import { migrateAllDown, migrateToLatest, schemaVersion } from '../server/db/migrator.js';
import { AppError, StartupError } from '../server/errors.js';
import { SYSTEM } from '../server/lib/actor.js';
import { appVersion } from '../server/lib/version.js';
import { runSeed } from '../server/seed/seed.js';
import { buildServices, type Services, serviceOptionsFromConfig } from '../server/services.js';
import { registerIdentityCommands } from './identity.commands.js';
import { registerListingsCommands } from './listings.commands.js';
import { registerLogCommands } from './log.commands.js';
import { registerPointsCommands } from './points.commands.js';
import { progressBar } from './progress.js';
import { registerWitnessCommands } from './witness.commands.js';

function integer(name: string, min: number) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw) || Number(raw) < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return Number(raw);
  };
}

function divisionCode(raw: string): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(raw))
    throw new InvalidArgumentError('expected a 6-digit district, 9-digit street or 12-digit code');
  return raw;
}

/** Opens the configured database, migrates it, and runs `fn` with the same services the server uses. */
export async function withDb<T>(fn: (db: Db, services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const options = serviceOptionsFromConfig(
      config,
      db,
      (line) => console.error(line),
      (message, detail) =>
        console.error(`linli: warning: ${message}${detail ? ` ${JSON.stringify(detail)}` : ''}`),
    );
    return await fn(db, buildServices(db, options));
  } finally {
    await db.close();
  }
}

/** Builds the `linli` command tree. Every command has --help (commander adds it). */
/** Benchmark groups, by name (kept here so --help lists them without loading the benchmarks). */
const benchGroups = {
  http: 'division search vs a bare route; start times',
  trustlog: 'appends, proofs, verification',
  points:
    'transfers per second: SQLite in one process (with a plain-insert baseline), PostgreSQL from two processes',
  auth: 'signed-in vs anonymous requests',
};

export function buildCli(): Command {
  const program = new Command('linli')
    .description('Linli 邻里 — neighbourhood sharing platform: server and operator tools')
    .version(appVersion)
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nConfiguration comes from the environment: PORT, LINLI_DATA_DIR, DATABASE_URL, LINLI_DEMO, LINLI_AREAS, LINLI_LOG_LEVEL (see README).',
    );

  program
    .command('serve')
    .description('run the web server (what `npm start` does, without the build step)')
    .action(async () => {
      const { startServer } = await import('../server/start.js');
      const { url } = await startServer(loadConfig());
      console.log(`Linli 邻里 is running at ${url}`);
    });

  const db = program.command('db').description('database schema');
  db.command('migrate')
    .description('apply pending migrations')
    .action(async () => {
      await withDb(async () => {});
      console.log('database is up to date');
    });
  db.command('status')
    .description('show the database kind, location and schema version')
    .action(async () => {
      await withDb(async (d) => console.log(`${d.dialect} ${d.location} schema ${await schemaVersion(d)}`));
    });
  db.command('reset')
    .description('revert every migration and apply them again (deletes all data)')
    .requiredOption('--yes', 'confirm that all data may be deleted')
    .action(async () => {
      await withDb(async (d) => {
        await migrateAllDown(d);
        await migrateToLatest(d);
      });
      console.log('database reset');
    });

  const divisions = program.command('divisions').description('official administrative divisions (行政区划)');
  divisions
    .command('import')
    .description('import a district or street and everything below it from the bundled official data')
    .requiredOption(
      '--code <code...>',
      'district (6 digits) or street (9 digits) code(s), e.g. 440604',
      (v, prev: string[] = []) => [...prev, divisionCode(v)],
    )
    .action(async (opts: { code: string[] }) => {
      await withDb(async (_d, services) => {
        for (const code of opts.code) {
          const bar = progressBar(`import ${code}`);
          try {
            const result = await services.divisions.importArea(SYSTEM, code, bar.update);
            bar.stop();
            console.log(
              result.inserted === 0
                ? `${result.name} (${result.code}) was already imported: ${result.total} divisions, nothing changed`
                : `${result.name} (${result.code}): ${result.inserted} new of ${result.total} divisions`,
            );
          } finally {
            bar.stop();
          }
        }
      });
    });
  divisions
    .command('show')
    .description('show a division with its ancestors and children')
    .argument('<code>', 'division code', divisionCode)
    .action(async (code: string) => {
      await withDb(async (_d, services) => {
        const detail = await services.divisions.get(SYSTEM, code);
        const children = await services.divisions.children(SYSTEM, code);
        console.log(`${detail.division.code} ${detail.division.name} (${detail.division.level})`);
        if (detail.division.pathLabel) console.log(`  in ${detail.division.pathLabel}`);
        for (const c of children.items) console.log(`  ${c.code} ${c.shortName}`);
      });
    });
  divisions
    .command('search')
    .description('search divisions by name, pinyin or initials')
    .argument('<query>', 'e.g. 塔坡, tapo or tp')
    .option('--within <code>', 'only below this division', divisionCode)
    .action(async (q: string, opts: { within?: string }) => {
      await withDb(async (_d, services) => {
        const result = await services.divisions.search(SYSTEM, { q, within: opts.within });
        for (const item of result.items) console.log(`${item.code} ${item.shortName}  (${item.pathLabel})`);
        if (result.items.length === 0) console.log('no match');
      });
    });

  program
    .command('seed')
    .description('seed deterministic demo data (idempotent: the same seed twice changes nothing)')
    .addOption(new Option('--seed <n>', 'random seed').default(1).argParser(integer('--seed', 0)))
    .addOption(new Option('--scale <n>', 'population multiplier').default(1).argParser(integer('--scale', 1)))
    .action(async (opts: { seed: number; scale: number }) => {
      const config = loadConfig();
      await withDb(async (d, services) => {
        const bar = progressBar('seed');
        const report = await runSeed(d, services, {
          seed: opts.seed,
          scale: opts.scale,
          areas: config.defaultAreas,
          onProgress: bar.update,
        });
        bar.stop();
        for (const step of report.steps) console.log(`${step.name}: ${step.created} created`);
      });
    });

  registerIdentityCommands(program);
  registerLogCommands(program);
  registerListingsCommands(program);
  registerPointsCommands(program);
  registerWitnessCommands(program);

  program
    .command('bench')
    .description('run the benchmarks; one JSON line per figure on stdout')
    .option('--only <group>', `run one group (${Object.keys(benchGroups).join(', ')})`)
    .action(async (opts: { only?: string }) => {
      const { runBenchmarks } = await import('../bench/run.js');
      if (opts.only && !(opts.only in benchGroups))
        throw new InvalidArgumentError(
          `unknown group "${opts.only}"; groups: ${Object.keys(benchGroups).join(', ')}`,
        );
      await runBenchmarks(opts.only ? [opts.only] : undefined);
    });

  return program;
}

/** Runs the CLI; user errors print one line and exit non-zero, without a stack trace. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildCli().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Parse errors were printed by commander; ones thrown from an action were not.
      if (error.code === 'commander.invalidArgument' && !error.message.startsWith('error:'))
        console.error(`linli: ${error.message}`);
      process.exit(error.exitCode);
    }
    if (error instanceof ConfigError) {
      console.error(`linli: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof StartupError) {
      console.error(`linli: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof AppError) {
      const message = errorMessages.en[error.code].replace(/\{\{(\w+)\}\}/g, (_, k: string) =>
        String(error.details[k] ?? ''),
      );
      console.error(`linli: ${message} (${error.code})`);
      process.exit(1);
    }
    // Anything else: one line, the stack only when asked for (LINLI_DEBUG=1).
    const err = error as NodeJS.ErrnoException;
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    console.error(`linli: ${err.message ?? String(error)}${cause}`);
    if (process.env.LINLI_DEBUG === '1') console.error(err.stack);
    process.exit(1);
  }
}
