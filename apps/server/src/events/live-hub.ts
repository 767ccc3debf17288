import { execute, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Context } from '../graphql/context.js';
import { AppError, ErrorCode, badInput } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import { AgentRole } from '../modules/agents/agent.entity.js';
import { hasRole, type Actor } from '../modules/auth/actor.js';
import { THREAD_EVENT_TYPES } from '../modules/threads/thread.enums.js';
import { shouldDeliver, type LiveFilter, type LiveViewer, type LogEvent } from './delivery.js';
import { eventVisibleToSql, parseEventCursor } from './event-reader.js';
import { LOG_EVENT_COLUMNS, logEventFromRow, type LogEventRow } from './event-feed.js';
import { SystemEventType } from './event-log.js';
import { SqlParams } from '../graphql/pagination.js';
import { threadEventFromRow, type ThreadEvent } from './thread-event.model.js';

/** The socket surface the hub needs (a `ws` WebSocket). */
export interface LiveSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** What graphql-ws puts in the context of a subscription: where to write its frames. */
export interface LiveRequest {
  socket: LiveSocket;
  subscriptionId: string;
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
}

export interface HubLimits {
  /** A live socket with more than this buffered is closed; the client resumes with its cursor. */
  slowSocketBytes: number;
  /** A replaying socket waits while more than this is buffered. */
  replayHighWaterBytes: number;
}

interface EventSubscription {
  request: LiveRequest;
  actor: Actor;
  viewer: LiveViewer;
  filter: LiveFilter;
  types: readonly string[] | null;
  renderKey: string;
  live: boolean;
  cursor: bigint;
  end(): void;
}

/** A subscription fed by something other than thread events (presence, typing). */
interface SideSubscription {
  kind: 'presence' | 'typing';
  request: LiveRequest;
  actor: Actor;
  threadId: string | null;
  renderKey: string;
}

const OPEN = 1;
const WRITES_PER_TURN = 256;
const REPLAY_PAGE = 200;

/**
 * Fans the log out to live subscribers: decides delivery per event from its before/after state,
 * renders each event once per (document, variables, role), serializes it once, and writes each
 * socket's `next` frame itself (its subscription id in front of the shared payload).
 */
export class LiveHub {
  private schema: GraphQLSchema | undefined;
  private readonly subscriptions = new Set<EventSubscription>();
  private readonly side = new Set<SideSubscription>();
  /** Each agent's live view, shared by their subscriptions and changed by membership events. */
  private readonly viewers = new Map<string, LiveViewer & { queueIds: Set<string>; role: AgentRole }>();
  /** The id of the last event the dispatcher has decided delivery for. */
  private passed = 0n;
  /** Counts membership events seen, so a view loaded meanwhile is read again. */
  private membershipChanges = 0;
  private dispatching: Promise<void> = Promise.resolve();
  /** How many GraphQL executions rendered live events (tests and metrics read it). */
  renders = 0;
  /** How many sockets were closed for reading too slowly. */
  slowSocketsClosed = 0;
  /** Set by the app: loads the agent and broadcasts it to presence subscribers. */
  onPresence: ((agentId: string, recipients: SideSubscription[]) => Promise<void>) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly contextFor: (actor: Actor) => Context,
    private readonly limits: HubLimits = { slowSocketBytes: 8 * 1024 * 1024, replayHighWaterBytes: 1024 * 1024 },
  ) {}

  attach(schema: GraphQLSchema, startCursor: bigint): void {
    this.schema = schema;
    this.passed = startCursor;
  }

  get subscriberCount(): number {
    return this.subscriptions.size + this.side.size;
  }

  /** agentPresenceChanged and typing(threadId): live only, nothing to replay. */
  subscribeSide(context: Context & { live?: LiveRequest }, kind: SideSubscription['kind'], threadId: string | null): AsyncIterableIterator<never> {
    const actor = context.actor;
    const request = context.live;
    if (!actor || !request) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Subscriptions run over WebSocket (graphql-ws) on /graphql');
    const subscription: SideSubscription = {
      kind,
      request,
      actor,
      threadId,
      renderKey: `${actor.role}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(request.variables)}\u0000${documentKey(request.document)}`,
    };
    this.side.add(subscription);
    return endlessIterator(() => this.side.delete(subscription));
  }

  /** Renders `root` once per (document, variables, role) of `recipients` and writes their frames. */
  async broadcast(recipients: Iterable<SideSubscription>, root: unknown): Promise<void> {
    const groups = new Map<string, SideSubscription[]>();
    for (const subscription of recipients) {
      const group = groups.get(subscription.renderKey);
      if (group) group.push(subscription);
      else groups.set(subscription.renderKey, [subscription]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const payload = await this.render(first.request, root, this.contextFor(first.actor));
      for (const subscription of group) this.write(subscription.request, payload, this.limits.slowSocketBytes);
    }
  }

  /** Typing reached this process (over NOTIFY): tell who watches that thread. */
  typing(threadId: string, root: unknown): Promise<void> {
    return this.broadcast([...this.side].filter((s) => s.kind === 'typing' && s.threadId === threadId), root);
  }

  /** Called by the feed with each batch, in log order. */
  dispatch(events: LogEvent[]): Promise<void> {
    this.dispatching = this.dispatching.then(() => this.process(events)).catch((error: unknown) => {
      this.logger.error({ err: error }, 'live dispatch failed');
    });
    return this.dispatching;
  }

  async subscribeEvents(
    context: Context & { live?: LiveRequest },
    args: { after?: string | null; filter?: LiveFilter | null; types?: string[] | null },
  ): Promise<AsyncIterableIterator<never>> {
    const actor = context.actor;
    const request = context.live;
    if (!actor || !request) throw new AppError(ErrorCode.BAD_USER_INPUT, 'threadEvents is a subscription over WebSocket (graphql-ws)');
    if ((args.filter as { search?: unknown } | null)?.search != null) {
      throw badInput('filter.search', 'is not supported on subscriptions: filter the list query by search, and subscribe by threadIds');
    }
    const after = args.after == null ? null : parseEventCursor(args.after);
    if (after !== null) await this.checkNotExpired(after);
    const viewer = await this.viewerFor(actor);
    const { after: _after, ...renderVariables } = request.variables;
    const iterator = endlessIterator(() => this.subscriptions.delete(subscription));
    const subscription: EventSubscription = {
      request,
      actor,
      viewer,
      filter: args.filter ?? {},
      types: args.types?.length ? args.types : null,
      renderKey: `${actor.role}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(renderVariables)}\u0000${documentKey(request.document)}`,
      live: after === null,
      cursor: after ?? this.passed,
      end: iterator.end,
    };
    this.subscriptions.add(subscription);
    if (!subscription.live) void this.replay(subscription);
    return iterator;
  }

  /** Closes the sockets whose session has expired since they connected (run periodically). */
  closeExpired(now = Date.now()): void {
    for (const subscription of [...this.subscriptions, ...this.side]) {
      if (subscription.actor.expiresAt.getTime() <= now) subscription.request.socket.close(4403, 'Session expired');
    }
  }

  /** Closes every socket of an agent, or of one session (revocation, deactivation). */
  closeFor(match: { agentId?: string; sessionId?: string }, reason: string): void {
    for (const subscription of [...this.subscriptions, ...this.side]) {
      const { actor } = subscription;
      if ((match.agentId && actor.agentId === match.agentId) || (match.sessionId && actor.sessionId === match.sessionId)) {
        subscription.request.socket.close(4403, reason);
      }
    }
  }

  private async process(events: LogEvent[]): Promise<void> {
    // One context per role for the whole batch, its loaders primed with every thread, actor and
    // message the batch names: a batch costs a few queries, not a few per event.
    const contexts = new Map<AgentRole, Promise<Context>>();
    const contextFor = (actor: Actor) => {
      let context = contexts.get(actor.role);
      if (!context) {
        context = this.primedContext(actor, events);
        contexts.set(actor.role, context);
      }
      return context;
    };
    for (const event of events) {
      this.passed = BigInt(event.id);
      if (!event.threadId) {
        this.applySystemEvent(event);
        continue;
      }
      const groups = new Map<string, EventSubscription[]>();
      for (const subscription of this.subscriptions) {
        if (!subscription.live || BigInt(event.id) <= subscription.cursor) continue;
        if (!shouldDeliver(event, subscription.viewer, subscription.filter, subscription.types)) continue;
        const group = groups.get(subscription.renderKey);
        if (group) group.push(subscription);
        else groups.set(subscription.renderKey, [subscription]);
      }
      if (groups.size === 0) continue;
      const threadEvent = toThreadEvent(event);
      for (const group of groups.values()) {
        const first = group[0]!;
        const payload = await this.render(first.request, threadEvent, await contextFor(first.actor));
        for (const [index, subscription] of group.entries()) {
          if (!this.subscriptions.has(subscription)) continue; // completed while we yielded
          subscription.cursor = BigInt(event.id);
          this.send(subscription, payload, true);
          // Thousands of sockets take tens of milliseconds to write: let requests and commits
          // in between. (Safe at the seam: a replay that joins meanwhile has this event already.)
          if (index % WRITES_PER_TURN === WRITES_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
  }

  private async primedContext(actor: Actor, events: LogEvent[]): Promise<Context> {
    const context = this.contextFor(actor);
    const ids = (pick: (event: LogEvent) => string | null) =>
      [...new Set(events.filter((event) => event.threadId).map(pick).filter((id): id is string => id !== null))];
    await Promise.all([
      context.loaders.threadOfEvent.loadMany(ids((event) => event.threadId)),
      context.loaders.agent.loadMany(ids((event) => event.actorId)),
      context.loaders.message.loadMany(ids((event) => event.messageId)),
    ]);
    return context;
  }

  private applySystemEvent(event: LogEvent): void {
    const data = event.data ?? {};
    if (event.type === SystemEventType.QUEUE_MEMBERS_CHANGED || event.type === SystemEventType.AGENT_CREATED) this.membershipChanges++;
    switch (event.type) {
      case SystemEventType.QUEUE_MEMBERS_CHANGED: {
        const queueId = String(data.queueId);
        for (const agentId of (data.added as string[] | undefined) ?? []) this.viewers.get(agentId)?.queueIds.add(queueId);
        for (const agentId of (data.removed as string[] | undefined) ?? []) this.viewers.get(agentId)?.queueIds.delete(queueId);
        break;
      }
      case SystemEventType.AGENT_CREATED: {
        const viewer = this.viewers.get(String(data.agentId));
        for (const queueId of (data.queueIds as string[] | undefined) ?? []) viewer?.queueIds.add(queueId);
        break;
      }
      case SystemEventType.AGENT_UPDATED: {
        const agentId = String(data.agentId);
        const after = (data.after ?? {}) as { role?: AgentRole; active?: boolean };
        if (after.active === false) this.closeFor({ agentId }, 'Agent deactivated');
        const viewer = this.viewers.get(agentId);
        if (viewer && after.role) {
          viewer.role = after.role;
          viewer.seesAll = after.role !== AgentRole.AGENT;
        }
        break;
      }
      case SystemEventType.SESSION_REVOKED:
        this.closeFor({ sessionId: String(data.sessionId) }, 'Signed out');
        break;
      case SystemEventType.AGENT_PRESENCE_CHANGED:
        void this.onPresence?.(String(data.agentId), [...this.side].filter((s) => s.kind === 'presence'));
        break;
      default:
        break;
    }
  }

  /** Replays what the subscriber missed, paced by its socket, then joins the live stream seamlessly. */
  private async replay(subscription: EventSubscription): Promise<void> {
    try {
      const context = this.contextFor(subscription.actor);
      for (;;) {
        // Joining here is safe: every event up to `passed` was decided while we were not live and
        // is at or below our cursor; every later one will be decided with us live.
        if (subscription.cursor >= this.passed) {
          subscription.live = true;
          return;
        }
        // Every event up to `target` was committed before this query starts, so it sees them.
        const target = this.passed;
        const params = new SqlParams();
        const rows: LogEventRow[] = await this.dataSource.query(
          `SELECT ${LOG_EVENT_COLUMNS} FROM event e
            WHERE e.id > ${params.add(subscription.cursor.toString(), 'bigint')}
              AND e.type = ANY(${params.add(THREAD_EVENT_TYPES, 'text[]')})
              AND ${eventVisibleToSql({ agentId: subscription.actor.agentId, seesAll: subscription.viewer.seesAll }, params)}
            ORDER BY e.id LIMIT ${REPLAY_PAGE}`,
          params.values,
        );
        if (!this.subscriptions.has(subscription)) return;
        if (rows.length === 0) {
          // Nothing visible up to `target`: move up to it.
          if (subscription.cursor < target) subscription.cursor = target;
          continue;
        }
        for (const row of rows) {
          const event = logEventFromRow(row);
          if (BigInt(event.id) <= subscription.cursor) continue;
          if (shouldDeliver(event, subscription.viewer, subscription.filter, subscription.types)) {
            while (subscription.request.socket.bufferedAmount > this.limits.replayHighWaterBytes) {
              if (subscription.request.socket.readyState !== OPEN) return;
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
            const payload = await this.render(subscription.request, toThreadEvent(event), context);
            this.send(subscription, payload, false);
          }
          subscription.cursor = BigInt(event.id);
        }
        if (rows.length < REPLAY_PAGE && subscription.cursor < target) subscription.cursor = target;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'replay failed; closing the socket so the client resumes');
      subscription.request.socket.close(1011, 'Replay failed; resume with your cursor');
    }
  }

  private async render(request: LiveRequest, event: unknown, context: Context): Promise<string> {
    this.renders++;
    const result = await execute({
      schema: this.schema!,
      document: request.document,
      operationName: request.operationName ?? undefined,
      variableValues: request.variables,
      rootValue: event,
      contextValue: context,
    });
    return JSON.stringify({
      data: result.data ?? null,
      ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
    });
  }

  private send(subscription: EventSubscription, payload: string, live: boolean): void {
    this.write(subscription.request, payload, live ? this.limits.slowSocketBytes : Number.POSITIVE_INFINITY);
  }

  private write(request: LiveRequest, payload: string, slowBytes: number): void {
    if (writeFrame(request, payload, slowBytes) === 'closed-slow') this.slowSocketsClosed++;
  }

  private async viewerFor(actor: Actor): Promise<LiveViewer> {
    const known = this.viewers.get(actor.agentId);
    if (known) return known;
    // Membership events only update views already known: read again if one went by while we read.
    let rows: Array<{ queue_id: string }>;
    let seen: number;
    do {
      seen = this.membershipChanges;
      rows = await this.dataSource.query(`SELECT queue_id FROM agent_queue WHERE agent_id = $1`, [actor.agentId]);
    } while (seen !== this.membershipChanges);
    const viewer = {
      agentId: actor.agentId,
      role: actor.role,
      seesAll: hasRole(actor, AgentRole.SUPERVISOR),
      queueIds: new Set(rows.map((row) => row.queue_id)),
    };
    // Another subscribe may have raced us here: keep the first.
    const raced = this.viewers.get(actor.agentId);
    if (raced) return raced;
    this.viewers.set(actor.agentId, viewer);
    return viewer;
  }

  private async checkNotExpired(after: bigint): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT min(id)::text AS oldest FROM event`);
    if (row.oldest !== null && after < BigInt(row.oldest) - 1n) {
      throw new AppError(ErrorCode.CURSOR_EXPIRED, 'The log no longer holds events after this cursor: reload, then subscribe from a fresh eventCursor');
    }
  }
}

/**
 * graphql-ws frames each `next` with its subscription id; the payload was serialized once for
 * every socket of the group, so the frame is just that id put in front of it. A socket whose
 * buffer passes `slowBytes` is closed: the client resumes with its cursor.
 */
function writeFrame(request: LiveRequest, payload: string, slowBytes: number): 'sent' | 'closed-slow' | 'not-open' {
  const { socket, subscriptionId } = request;
  if (socket.readyState !== OPEN) return 'not-open';
  if (socket.bufferedAmount > slowBytes) {
    // The close frame queues behind the unread data; ws destroys the socket if it never drains.
    socket.close(4008, 'Too slow: resume with your last cursor');
    return 'closed-slow';
  }
  socket.send(`{"id":${JSON.stringify(subscriptionId)},"type":"next","payload":${payload}}`);
  return 'sent';
}

function toThreadEvent(event: LogEvent): ThreadEvent {
  return threadEventFromRow({
    id: event.id,
    type: event.type as never,
    thread_id: event.threadId!,
    actor_id: event.actorId,
    message_id: event.messageId,
    thread_version: event.threadVersion ?? 0,
    before: event.before,
    after: event.after!,
    note: event.note,
    created_at: event.createdAt,
  });
}

const documentKeys = new WeakMap<DocumentNode, string>();
let documentCounter = 0;

/** Documents with the same text share a key (graphql-ws parses each subscribe anew). */
function documentKey(document: DocumentNode): string {
  const known = documentKeys.get(document);
  if (known) return known;
  const key = document.loc?.source.body ?? `doc-${++documentCounter}`;
  documentKeys.set(document, key);
  return key;
}

/** An async iterator that never yields (the hub writes frames itself) and ends on demand. */
function endlessIterator(onEnd: () => void): AsyncIterableIterator<never> & { end(): void } {
  let finish: ((result: IteratorResult<never>) => void) | undefined;
  const done = new Promise<IteratorResult<never>>((resolve) => (finish = resolve));
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
    finish!({ done: true, value: undefined });
  };
  return {
    next: () => done,
    return: async () => {
      end();
      return { done: true, value: undefined };
    },
    throw: async (error: unknown) => {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    end,
  };
}
