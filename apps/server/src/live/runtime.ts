import type http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { databaseUrlOf } from '../db/data-source.js';
import { buildContext, type ContextServices } from '../graphql/context.js';
import type { ErrorFormatter } from '../graphql/errors.js';
import type { Transactions } from '../events/transactions.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { BoardService } from '../modules/board/board.service.js';
import type { ThreadEventReader } from '../modules/thread-events/thread-event-reader.js';
import type { Notifier } from './notifier.js';
import { REQUEST_LIMIT_DEFAULTS } from '../config.js';
import type { Logger } from '../logger.js';
import { PresenceTracker } from '../modules/agents/presence.js';
import { SettingsChange } from '../modules/settings/settings-change.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Context } from '../modules/context.js';
import { redacted } from '../modules/threads/thread-reader.js';
import { viewerOf, type ThreadAccess } from '../modules/threads/visibility.js';
import { loadBatch, type BatchData } from './batch.js';
import { BoardFeed } from './board-feed.js';
import { EventFeed } from './event-feed.js';
import { LiveHub, type HubLimits } from './live-hub.js';
import { Renderer } from './render.js';
import { TypingEvent, TypingRelay } from './typing.js';
import { LiveViewers } from './viewers.js';
import { serveGraphqlWs, type GraphqlWsOptions, type GraphqlWsServer } from './ws-server.js';

/** The use cases the live runtime calls. */
export interface LiveServices extends ContextServices {
  auth: AuthService;
  board: BoardService;
  events: ThreadEventReader;
  transactions: Transactions;
  notifier: Notifier;
  /** Webhooks read the same log: told at once when it grew, instead of waiting for their poll. */
  webhookDispatcher?: { wake(): void };
  /** A new wait may be due sooner than the breach timer's leader expects: it looks again. */
  breachTimer?: { wake(): void };
}

export interface LiveRuntimeOptions {
  dataSource: DataSource;
  services: LiveServices;
  logger: Logger;
  formatError: ErrorFormatter;
  limits?: HubLimits;
  /** The largest WebSocket message a client may send, before or after authenticating. */
  maxWsMessageBytes?: number;
}

export interface LiveHealth {
  /** `lagging` while the oldest event not yet delivered is older than the threshold (still HTTP 200). */
  live: 'ok' | 'lagging';
  /** How far behind the log delivery is: the oldest undelivered event's age, and how many wait. */
  liveLagMs: number;
  liveQueuedEvents: number;
  /** Subscribers replaying from a cursor before they join the live stream. */
  liveReplaying: number;
  /** How responsive this process is: event-loop delay beyond the sampling interval, last 30 s. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  liveSubscriptions: number;
}

/** Past this, /healthz says the live path is lagging. */
export const LIVE_LAG_THRESHOLD_MS = 2_000;

const LOOP_RESOLUTION_MS = 10;
const SWEEP_MS = 30_000;

/**
 * Everything live in one process: the log's reader (feed), the fan-out (hub), presence, typing,
 * the expiry sweep, the event-loop monitor, and the graphql-ws adapter. http/ only mounts it.
 */
export class LiveRuntime {
  readonly hub: LiveHub;
  readonly feed: EventFeed;
  readonly presence: PresenceTracker;
  readonly board: BoardFeed;
  private readonly renderer: Renderer;
  private readonly typingRelay: TypingRelay;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private sweep: NodeJS.Timeout | undefined;
  private ws: GraphqlWsServer | undefined;

  constructor(private readonly options: LiveRuntimeOptions) {
    const { dataSource, services, logger } = options;
    this.renderer = new Renderer(options.formatError);
    this.hub = new LiveHub({
      logger,
      dataSource,
      renderer: this.renderer,
      viewers: new LiveViewers(dataSource),
      events: services.events,
      loadBatch: (events) => loadBatch(events, {
        threads: (ids) => services.threadReader.byIds({ agentId: '', seesAll: true }, ids),
        agents: (ids) => services.agents.byIds(ids),
        messages: (ids) => services.messages.byIds(ids),
      }),
      contextFor: (actor, access, batch) => this.primedContext(actor, access, batch),
      requireVisible: (actor, threadId) => services.threadReader.requireVisible(viewerOf(actor), threadId),
      presence: async (agentId) => {
        const agent = (await services.agents.byIds([agentId])).get(agentId);
        if (agent) await this.hub.broadcast(this.hub.presenceWatchers(), agent, this.plainContext);
      },
      boardSubscribed: (subscription) => this.board.subscribed(subscription),
      settings: (recipients, change) => this.hub.broadcast(recipients, Object.assign(new SettingsChange(), change), this.plainContext),
      limits: options.limits,
    });
    this.board = new BoardFeed({
      logger,
      compute: () => services.board.compute(),
      watchers: () => this.hub.boardWatchers(),
      send: (recipients, board) => this.hub.broadcast(recipients, board, this.plainContext),
    });
    this.typingRelay = new TypingRelay((notice) => {
      this.hub.broadcast(this.hub.typingWatchers(notice.threadId), Object.assign(new TypingEvent(), notice), this.plainContext)
        .catch((error: unknown) => logger.error({ err: error }, 'typing broadcast failed'));
    });
    this.feed = new EventFeed({
      dataSource,
      databaseUrl: databaseUrlOf(dataSource),
      logger,
      onEvents: (events) => {
        // Consoles first: the others' queries would compete with the batch's for the pool.
        void this.hub.dispatch(events).finally(() => {
          this.board.changed();
          services.webhookDispatcher?.wake();
          services.breachTimer?.wake();
        });
      },
      onTyping: (payload) => this.typingRelay.received(payload),
    });
    this.presence = new PresenceTracker(dataSource, services.transactions, logger);
  }

  /** Starts reading the log at its end and serving graphql-ws on `httpServer`. */
  async start(schema: GraphQLSchema, httpServer: http.Server, edge: Pick<GraphqlWsOptions, 'queryLimits' | 'takeRequest'> = {}): Promise<void> {
    const { services } = this.options;
    this.renderer.attach(schema);
    this.presence.start();
    this.loopDelay.enable();
    this.sweep = setInterval(() => {
      this.hub.connections.closeExpired();
      this.loopDelay.reset(); // health reports the last 30 s at most
    }, SWEEP_MS);
    this.sweep.unref();
    this.hub.start(await this.feed.initialize());
    await this.feed.listen();
    // Our own commits hand the feed what they appended (Transactions); NOTIFY wakes the others.
    services.transactions.attachReader(this.feed);
    this.ws = serveGraphqlWs({
      httpServer,
      schema,
      hub: this.hub,
      formatError: this.options.formatError,
      // Admitted among this process's sockets, which revocations close (connections.ts).
      authenticate: (authorization, socket) => this.hub.connections.admit(socket, () => services.auth.authenticateHeader(authorization)),
      contextFor: (actor, live) => buildContext(services, actor, { live }),
      // Presence is an agent's console being there; a key's socket is not one.
      onConnected: async (actor) => { if (actor.kind === 'agent') await this.presence.connect(actor.agentId); },
      onDisconnected: async (actor, socket) => {
        this.hub.connections.closed(socket);
        if (actor?.kind === 'agent') await this.presence.disconnect(actor.agentId);
      },
      maxPayloadBytes: this.options.maxWsMessageBytes ?? REQUEST_LIMIT_DEFAULTS.maxWsMessageBytes,
      ...edge,
      onSocketError: (error) => this.options.logger.debug({ code: (error as { code?: unknown }).code, message: (error as Error).message }, 'WebSocket protocol error; connection cut'),
    });
  }

  health(): LiveHealth {
    // The histogram records whole sampling intervals: the delay is what exceeds the resolution.
    const excess = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10);
    const lag = this.hub.lag();
    return {
      live: lag.lagMs > LIVE_LAG_THRESHOLD_MS ? 'lagging' : 'ok',
      liveLagMs: lag.lagMs,
      liveQueuedEvents: lag.queuedEvents,
      liveReplaying: lag.replaying,
      eventLoopDelayMs: { p50: excess(this.loopDelay.percentile(50)), p99: excess(this.loopDelay.percentile(99)), max: excess(this.loopDelay.max) },
      liveSubscriptions: this.hub.subscriberCount,
    };
  }

  /** Closes every WebSocket, stops reading the log and lets the batch under way finish. */
  async close(): Promise<void> {
    await this.ws?.close();
    this.options.services.transactions.attachReader(undefined);
    await this.feed.stop();
    // A batch still loading would otherwise read from a pool that closes next (and log its failure).
    await this.hub.drained();
    this.board.stop();
    await this.presence.stop();
    this.typingRelay.stop();
    clearInterval(this.sweep);
    this.loopDelay.disable();
  }

  private readonly plainContext = async (actor: Actor): Promise<Context> => buildContext(this.options.services, actor);

  /** A render context whose loaders already hold the batch's threads (as `access` allows), actors and messages. */
  private primedContext(actor: Actor, access: ThreadAccess, batch: BatchData): Context {
    const context = buildContext(this.options.services, actor, { eventThreadAccess: access });
    for (const [id, thread] of batch.threads) context.loaders.eventThread.prime(id, access === 'FULL' ? thread : redacted(thread));
    for (const [id, agent] of batch.agents) context.loaders.agent.prime(id, agent);
    for (const [id, message] of batch.messages) context.loaders.message.prime(id, message);
    return context;
  }
}

