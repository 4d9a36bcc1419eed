import { errorMessages } from '../common/i18n/errors.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError, StartupError } from './errors.js';
import { DEMO_ADMIN_PHONE, DEMO_RESIDENT_PHONE, DEMO_WORKER_PHONE } from './seed/seed.js';
import { startServer } from './start.js';

/** Process entry: `node dist/node/server/main.js` (what `npm start` runs after building). */
async function main(): Promise<void> {
  const config = loadConfig();
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  const { url } = await startServer(config);
  console.log(`Linli 邻里 is running at ${url} (${where})`);
  console.log(`API docs: ${url}api/docs · health: ${url}api/health`);
  if (config.demo) {
    console.log(
      `Demo staff: district admin ${DEMO_ADMIN_PHONE}, community worker ${DEMO_WORKER_PHONE}; demo resident ${DEMO_RESIDENT_PHONE} (with love points). Any mainland number signs up as a new resident.`,
    );
  }
  console.log(
    'Sign in at /sign-in; in development the SMS codes are printed here and shown by `npx linli sms outbox`.',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(`linli: ${error.message}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  if (error instanceof AppError) {
    // e.g. LINLI_AREAS names a code that does not exist in the official data.
    const message = errorMessages.en[error.code].replace(/\{\{(\w+)\}\}/g, (_, k: string) =>
      String(error.details[k] ?? ''),
    );
    console.error(`linli: cannot start: ${message} (${error.code})`);
    process.exit(1);
  }
  console.error('linli: failed to start:', error);
  process.exit(1);
});
