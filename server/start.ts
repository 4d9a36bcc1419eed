import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import type { Config } from './config.js';
import { type Db, openDatabase } from './db/database.js';
import { StartupError } from './errors.js';
import { SYSTEM } from './lib/actor.js';
import { buildServices, serviceOptionsFromConfig } from './services.js';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
}

/**
 * Opens the database, migrates and bootstraps it, and listens. Failures that are the operator's
 * to fix (port taken, database unreachable, data directory unwritable) become StartupError.
 */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: FastifyInstance | undefined;
  let stopSchedule = async () => {};
  try {
    const services = buildServices(
      db,
      serviceOptionsFromConfig(
        config,
        db,
        (line) => app?.log.info(line),
        (message, detail) => app?.log.warn(detail ?? {}, message),
      ),
    );
    const report = await bootstrap(db, services, config);
    for (const area of report.imported) log(`imported ${area.name} (${area.code}): ${area.total} divisions`);
    app = await buildApp({
      services,
      logger: {
        level: config.logLevel,
        redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      },
    });
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new StartupError(
          `Port ${config.port} is already in use (端口已被占用). Stop the other process or set PORT to a free port.`,
        );
      }
      if (code === 'EACCES')
        throw new StartupError(`No permission to listen on port ${config.port}; choose PORT above 1024.`);
      throw error;
    }
    const stopLog = services.trustlog.startSchedule(SYSTEM);
    // Background jobs (payments, SMS): polled every few seconds, kicked after each enqueue.
    services.jobs.start();
    stopSchedule = async () => {
      stopLog();
      // The job in progress finishes before the pool closes.
      await services.jobs.stop();
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}/`;
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info('shutting down: finishing in-flight requests');
    // Fastify stops accepting, lets in-flight requests finish, then the pool closes.
    await app.close();
    await stopSchedule();
    await db.close();
  });
  return { app, db, url };
}
