import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request } from 'express';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { QUERY_LIMIT_DEFAULTS, REQUEST_LIMIT_DEFAULTS, type QueryLimitOptions, type RateLimitOptions } from '../config.js';
import { buildContext, type Context } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/errors.js';
import { contextFailure, httpStatusPlugin } from '../graphql/http-status.js';
import { createQueryLimits, queryLimitsPlugin } from '../graphql/query-limits.js';
import { textInputPlugin } from '../graphql/text-input.js';
import { RequestBudget } from '../modules/auth/request-budget.js';
import { requireAuthPlugin } from '../graphql/require-auth.plugin.js';
import { httpSubscriptionsPlugin } from '../graphql/http-subscriptions.plugin.js';
import { createSchema } from '../app/schema.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../logger.js';
import type { HubLimits, LiveHub } from '../live/live-hub.js';
import type { EventFeed } from '../live/event-feed.js';
import { LiveRuntime } from '../live/runtime.js';
import type { PresenceTracker } from '../modules/agents/presence.js';
import { graphiqlHandler } from './graphiql.js';
import { healthHandler } from './health.js';
import { requestErrorHandler } from './request-errors.js';

export interface AppOptions {
  dataSource: DataSource;
  services: Services;
  logger: Logger;
  /** The built console; when missing, `/` explains how to build it. */
  consoleDir: string;
  /** Back-pressure limits of live sockets (defaults suit production). */
  liveLimits?: HubLimits;
  /** What a client may send before anything else runs; defaults in config.ts (REQUEST_LIMIT_DEFAULTS). */
  maxBodyBytes?: number;
  /** The largest WebSocket message, before or after signing in. */
  maxWsMessageBytes?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Query cost, depth and tokens, and subscriptions per socket (QUERY_LIMIT_DEFAULTS). */
  queryLimits?: QueryLimitOptions;
  /** Requests per token (RATE_LIMIT_DEFAULTS). */
  rateLimits?: RateLimitOptions;
  /** Proxies in front whose X-Forwarded-For names the client (login limits per address); 0: none. */
  trustProxyHops?: number;
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
export async function createApp(options: AppOptions): Promise<App> {
  const { dataSource, services, logger, consoleDir, liveLimits } = options;
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? REQUEST_LIMIT_DEFAULTS.maxBodyBytes,
    maxWsMessageBytes: options.maxWsMessageBytes ?? REQUEST_LIMIT_DEFAULTS.maxWsMessageBytes,
    headersTimeoutMs: options.headersTimeoutMs ?? REQUEST_LIMIT_DEFAULTS.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_LIMIT_DEFAULTS.requestTimeoutMs,
  };
  const formatError = createErrorFormatter(logger);
  const live = new LiveRuntime({ dataSource, services, logger, formatError, limits: liveLimits, maxWsMessageBytes: limits.maxWsMessageBytes });
  const schema = await createSchema(services);
  const queryLimits = createQueryLimits(schema, options.queryLimits ?? QUERY_LIMIT_DEFAULTS);
  const requestBudget = new RequestBudget(options.rateLimits);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxyHops ?? 0);
  const httpServer = http.createServer({
    // A client that trickles its headers or body (slowloris) is cut off with 408. Node checks the
    // timeouts every connectionsCheckingInterval (30 s by default, too coarse for these values).
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
  }, app);
  // The same edge as HTTP for every subscribe: limits, and the actor's request budget.
  await live.start(schema, httpServer, { queryLimits, takeRequest: (actor) => requestBudget.take(dataSource, actor) });

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true, // third parties need it in production too
    formatError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown (drain, demo, dispatchers, database); Apollo's own SIGINT handler
    // would stop the server underneath it, and app.close() then never returned.
    stopOnTerminationSignals: false,
    // The parser stops at this many tokens, before validation or cost can be asked to walk them.
    parseOptions: { maxTokens: queryLimits.options.maxTokens },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Its landing page loads from Apollo's site; browsers get the bundled GraphiQL instead.
      ApolloServerPluginLandingPageDisabled(),
      requireAuthPlugin(),
      httpSubscriptionsPlugin(),
      queryLimitsPlugin(queryLimits),
      textInputPlugin(),
      httpStatusPlugin(),
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

  app.get('/healthz', healthHandler(dataSource, live, logger));

  app.get('/graphql', graphiqlHandler(consoleDir));
  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }: { req: Request }) => {
        // Finding the token spends one request of its budget, in the same statement, before the
        // document is even parsed: a flood costs one statement per request.
        const actor = await services.auth.authenticateHeader(req.headers.authorization, requestBudget).catch((error: unknown) => {
          throw contextFailure(error);
        });
        return buildContext(services, actor, { ...(req.ip ? { clientIp: req.ip } : {}) });
      },
    }),
  );

  serveConsole(app, consoleDir);
  app.use(requestErrorHandler(formatError));

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

const CONNECTIONS_CHECK_MS = 1_000;

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
