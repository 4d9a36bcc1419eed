import { errorMessages } from '../common/i18n/errors.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError, StartupError } from './errors.js';
import { startServer } from './start.js';

/** Process entry: `node dist/node/server/main.js` (what `npm start` runs after building). */
async function main(): Promise<void> {
  const config = loadConfig();
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  const { url } = await startServer(config);
  console.log(`Linli 邻里 is running at ${url} (${where})`);
  console.log(`API docs: ${url}api/docs · health: ${url}api/health`);
  console.log('Sign-in arrives with the identity module; browse 社区 (divisions) without signing in.');
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
