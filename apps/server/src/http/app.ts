import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request } from 'express';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { buildContext, type Context } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/errors.js';
import { requireAuthPlugin } from '../graphql/require-auth.plugin.js';
import { createSchema } from '../app/schema.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../logger.js';
import type { HubLimits, LiveHub } from '../live/live-hub.js';
import type { EventFeed } from '../live/event-feed.js';
import { LiveRuntime } from '../live/runtime.js';
import type { PresenceTracker } from '../modules/agents/presence.js';

export interface AppOptions {
  dataSource: DataSource;
  services: Services;
  logger: Logger;
  /** The built console; when missing, `/` explains how to build it. */
  consoleDir: string;
  /** Back-pressure limits of live sockets (defaults suit production). */
  liveLimits?: HubLimits;
}

export interface App {
  httpServer: http.Server;
  live: LiveRuntime;
  hub: LiveHub;
  feed: EventFeed;
  presence: PresenceTracker;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, drains HTTP and WebSocket clients. The database is the caller's. */
  close(): Promise<void>;
}

/** One HTTP port: /graphql (HTTP, and graphql-ws through the live runtime), /healthz and the console. */
export async function createApp({ dataSource, services, logger, consoleDir, liveLimits }: AppOptions): Promise<App> {
  const formatError = createErrorFormatter(logger);
  const live = new LiveRuntime({ dataSource, services, logger, formatError, limits: liveLimits });
  const schema = await createSchema(services);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  await live.start(schema, httpServer);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true, // third parties need it in production too
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requireAuthPlugin(),
      { async serverWillStart() { return { drainServer: () => live.close() }; } },
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok', database: 'up', time: new Date().toISOString(), ...live.health() });
    } catch (error) {
      logger.warn({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'unavailable', database: 'down', time: new Date().toISOString() });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }: { req: Request }) => buildContext(services, await services.auth.authenticateHeader(req.headers.authorization)),
    }),
  );

  serveConsole(app, consoleDir);

  return {
    httpServer,
    live,
    hub: live.hub,
    feed: live.feed,
    presence: live.presence,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    // Drains HTTP (the drain plugin) and the live runtime (drainServer above).
    close: () => apollo.stop(),
  };
}

/** The built console with SPA fallback: any GET that wants HTML and is not a file gets index.html. */
function serveConsole(app: express.Express, consoleDir: string): void {
  const index = path.join(consoleDir, 'index.html');
  app.use(express.static(consoleDir, { index: false, maxAge: '1h', fallthrough: true }));
  app.get('/{*path}', (req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text').send('The console is not built yet: run "pnpm build" (pnpm start does it for you).\n');
      return;
    }
    if (!req.accepts('html')) {
      res.status(404).end();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
