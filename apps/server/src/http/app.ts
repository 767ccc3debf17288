import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request } from 'express';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { buildContext, type Context } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/errors.js';
import { requireAuthPlugin } from '../graphql/require-auth.plugin.js';
import { createSchema } from '../graphql/schema.js';
import type { Services } from '../graphql/services.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../modules/auth/actor.js';
import { parseBearer } from '../modules/auth/tokens.js';
import { EventFeed } from '../events/event-feed.js';
import { LiveHub, type HubLimits } from '../events/live-hub.js';
import { TypingEvent, TypingRelay } from '../events/typing.js';
import { PresenceTracker } from '../modules/agents/presence.js';

function databaseUrlOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('the data source has no URL for the event listener');
  return url;
}

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
  hub: LiveHub;
  feed: EventFeed;
  presence: PresenceTracker;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, drains HTTP and WebSocket clients. The database is the caller's. */
  close(): Promise<void>;
}

/** One HTTP port: /graphql (HTTP and graphql-ws), /healthz and the console. */
export async function createApp({ dataSource, services, logger, consoleDir, liveLimits }: AppOptions): Promise<App> {
  const schema = await createSchema(services);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const authenticate = async (header: unknown): Promise<Actor | null> => {
    const token = parseBearer(header);
    return token ? services.auth.authenticate(token) : null;
  };

  const hub = new LiveHub(dataSource, logger, (actor) => buildContext(services, actor), liveLimits);
  hub.onPresence = async (agentId, recipients) => {
    const agent = (await services.agents.byIds([agentId])).get(agentId);
    if (agent) await hub.broadcast(recipients, agent);
  };
  const typingRelay = new TypingRelay((notice) => void hub.typing(notice.threadId, Object.assign(new TypingEvent(), notice)));
  const feed = new EventFeed({
    dataSource,
    databaseUrl: databaseUrlOf(dataSource),
    logger,
    onEvents: (events) => void hub.dispatch(events),
    onTyping: (payload) => typingRelay.received(payload),
  });
  const presence = new PresenceTracker(dataSource, services.transactions, logger);
  presence.start();
  const LOOP_RESOLUTION_MS = 10;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  // The histogram records whole sampling intervals: the delay is what exceeds the resolution.
  const excessMs = (nanoseconds: number) => Math.max(0, Math.round((nanoseconds / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10);
  loopDelay.enable();
  const expirySweep = setInterval(() => {
    hub.closeExpired();
    loopDelay.reset(); // /healthz reports the last 30 s at most
  }, 30_000);
  expirySweep.unref();
  hub.attach(schema, await feed.initialize());
  await feed.listen();
  services.notifier.onLocalCommit = () => void feed.read();


  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer<Record<string, unknown> | undefined, { actor: Actor }>(
    {
      schema,
      onConnect: async (ctx) => {
        const actor = await authenticate(ctx.connectionParams?.authorization);
        if (!actor) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.actor = actor;
        await presence.connect(actor.agentId);
        return true;
      },
      onClose: async (ctx) => {
        if (ctx.extra.actor) await presence.disconnect(ctx.extra.actor.agentId);
      },
      context: (ctx, id, _payload, args): Context => ({
        ...buildContext(services, ctx.extra.actor ?? null),
        live: {
          hub,
          typing: services.typing,
          socket: ctx.extra.socket,
          subscriptionId: id,
          document: args.document,
          operationName: args.operationName,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
        },
      }),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true, // third parties need it in production too
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requireAuthPlugin(),
      { async serverWillStart() { return { drainServer: async () => { await wsCleanup.dispose(); } }; } },
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
      res.json({
        status: 'ok',
        database: 'up',
        time: new Date().toISOString(),
        // For operators and the benchmarks: how responsive this process is, and how many consoles it holds.
        eventLoopDelayMs: {
          p50: excessMs(loopDelay.percentile(50)),
          p99: excessMs(loopDelay.percentile(99)),
          max: excessMs(loopDelay.max),
        },
        liveSubscriptions: hub.subscriberCount,
      });
    } catch (error) {
      logger.warn({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'unavailable', database: 'down', time: new Date().toISOString() });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }: { req: Request }) => buildContext(services, await authenticate(req.headers.authorization)),
    }),
  );

  serveConsole(app, consoleDir);

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    hub,
    feed,
    presence,
    close: async () => {
      await apollo.stop(); // drains HTTP (drain plugin) and closes WebSockets (drainServer above)
      wsServer.close();
      await feed.stop();
      presence.stop();
      typingRelay.stop();
      clearInterval(expirySweep);
      loopDelay.disable();
    },
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
