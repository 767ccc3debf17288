import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDataSource, runMigrations } from './db/data-source.js';
import { ENTITIES } from './modules/entities.js';
import { startEmbeddedPostgres, type RunningPostgres } from './db/embedded-postgres.js';
import { createServices, type Services } from './app/services.js';
import { pruneEvents } from './events/event-log.js';
import { createApp, type App } from './http/app.js';
import { prepareDemo, startDemoTraffic } from './demo/demo-runner.js';
import { createLogger, type Logger } from './logger.js';

/** The process: config, database, migrations, HTTP + WebSocket, and one graceful shutdown path. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`switchboard: configuration error: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let embedded: RunningPostgres | undefined;
  let dataSource: DataSource | undefined;
  let app: App | undefined;
  let services: Services | undefined;
  let demo: { stop(): Promise<void> } | undefined;
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (reason: string, exitCode = 0) =>
    (shuttingDown ??= (async () => {
      logger.info({ reason }, 'shutting down: draining HTTP and WebSocket clients');
      const force = setTimeout(() => {
        logger.error('shutdown took longer than 25 s; exiting');
        process.exit(1);
      }, 25_000);
      force.unref();
      try {
        // The bots and the simulator first: they are clients of this server.
        await demo?.stop();
        await app?.close();
        // Cuts in-flight webhook sends and releases their leases: another replica takes over at once.
        await services?.webhookDispatcher.stop();
        // Ends its session, so another replica's timer leads at its next try.
        await services?.breachTimer.stop();
        await services?.reportKeeper.stop();
        await dataSource?.destroy();
        await embedded?.stop();
        logger.info('stopped');
      } catch (error) {
        logger.error({ err: error }, 'error during shutdown');
        exitCode = 1;
      }
      process.exit(exitCode);
    })());

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }

  try {
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, logger });
      url = await ensureDatabase(embedded.url, 'switchboard');
    }
    dataSource = createDataSource({
      url,
      entities: ENTITIES,
      poolSize: config.dbPoolSize,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      idleTimeoutMs: config.dbIdleTimeoutMs,
    });
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');

    services = createServices({
      dataSource,
      logger,
      sessionTtlSeconds: config.sessionTtlSeconds,
      loginLimits: config.loginLimits,
      apiKeyPepper: config.apiKeyPepper,
      webhooks: { allowPrivate: config.webhookAllowPrivate, retentionDays: config.eventRetentionDays },
      reports: { snapshotSeconds: config.boardSnapshotSeconds, retentionDays: config.eventRetentionDays },
    });
    if (config.adminEmail && config.adminPassword) {
      const result = await services.auth.ensureAdmin(config.adminEmail, config.adminPassword);
      logger.info({ email: config.adminEmail }, result === 'created' ? 'created the ADMIN agent' : 'the ADMIN agent exists');
    }
    const demoActive = await prepareDemo(config, dataSource, logger);
    app = await createApp({
      dataSource,
      services,
      logger,
      consoleDir: config.consoleDir,
      maxBodyBytes: config.maxBodyBytes,
      maxWsMessageBytes: config.maxWsMessageBytes,
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      queryLimits: config.queryLimits,
      rateLimits: config.rateLimits,
      trustProxyHops: config.trustProxyHops,
    });
    // Retention: hourly, from every process (the DELETE is idempotent). A failure (the database
    // is down) is logged and never rejects: the timer keeps running and the next hour retries.
    const prune = () =>
      pruneEvents(dataSource!, config.eventRetentionDays)
        .then((removed) => removed > 0 && logger.info({ removed, days: config.eventRetentionDays }, 'pruned old events'))
        .catch((error: unknown) => logger.warn({ err: error }, 'pruning the event log failed'));
    void prune();
    setInterval(prune, 3600_000).unref();
    const port = await app.listen(config.port, config.host);
    services.webhookDispatcher.start();
    services.breachTimer.start();
    services.reportKeeper.start();
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    // The demo's gateway and agents reach this server as any client would.
    const self = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
    if (demoActive) demo = await startDemoTraffic(config, dataSource, services, `http://${self}:${port}`, logger);
    logger.info({ port, host: config.host }, `Switchboard is running at http://${shown}:${port}/`);
  } catch (error) {
    reportFatal(logger, error);
    await shutdown('startup failed', 1);
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function reportFatal(logger: Logger, error: unknown): void {
  logger.fatal({ err: error }, `could not start: ${error instanceof Error ? error.message : String(error)}`);
}

await main();
