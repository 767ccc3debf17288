import type http from 'node:http';
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { QUERY_LIMIT_DEFAULTS } from '../config.js';
import { DomainError, ErrorCode } from '../errors.js';
import { formatErrors, type ErrorFormatter } from '../graphql/errors.js';
import { createQueryLimits, type QueryLimits } from '../graphql/query-limits.js';
import { checkOperationText } from '../graphql/text-input.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Context, LiveRequest, LiveSocket, LiveSubscriptions } from '../modules/context.js';

export interface GraphqlWsOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  hub: LiveSubscriptions;
  formatError: ErrorFormatter;
  /** The actor behind connection_init's `authorization` for this socket, or null (closed 4403). */
  authenticate(authorization: unknown, socket: LiveSocket): Promise<Actor | null>;
  /** The one context builder, given the live request of each operation. */
  contextFor(actor: Actor | null, live: LiveRequest): Context;
  onConnected(actor: Actor): Promise<void>;
  /** The socket closed; `actor` is null when it never authenticated. */
  onDisconnected(actor: Actor | null, socket: LiveSocket): Promise<void>;
  /** The largest message a client may send, before or after authenticating (ws's default is 100 MiB). */
  maxPayloadBytes: number;
  /** A client broke the protocol or vanished; its socket is cut. */
  onSocketError?(error: unknown): void;
  /** The limits HTTP applies too (graphql/query-limits.ts); QUERY_LIMIT_DEFAULTS when unset. */
  queryLimits?: QueryLimits;
  /** Spends one request of the actor's budget per subscribe, or throws RATE_LIMITED (modules/auth/request-budget.ts). */
  takeRequest?(actor: Actor): Promise<void>;
}

export interface GraphqlWsServer {
  /** Closes every socket (graphql-ws's dispose) and stops accepting. */
  close(): Promise<void>;
}

/**
 * The one graphql-ws adapter: authentication at connection_init (close 4403 on failure), the
 * shared context and error formatter, and the live request that lets the hub write frames.
 */
export function serveGraphqlWs(options: GraphqlWsOptions): GraphqlWsServer {
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: options.maxPayloadBytes });
  // Registered before graphql-ws's own listener, so it sees every socket first. A socket error is
  // a client breaking the protocol (a message over maxPayload, a bad frame) or a dead peer: ws has
  // sent its close frame (1009 for a too-large message); cut the connection now instead of reading
  // and discarding the rest of a 50 MB frame, and keep graphql-ws from printing a stack trace to
  // stderr for what any client can cause.
  wsServer.on('connection', (socket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event !== 'error') return emit(event, ...args);
      options.onSocketError?.(args[0]);
      socket.terminate();
      return true;
    }) as typeof socket.emit;
  });
  const format = (errors: Parameters<typeof formatErrors>[1]) => formatErrors(options.formatError, errors);
  const limits = options.queryLimits ?? createQueryLimits(options.schema, QUERY_LIMIT_DEFAULTS);
  const refused = (error: unknown) => [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error })];
  const cleanup = useServer<Record<string, unknown> | undefined, { actor?: Actor }>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const actor = await options.authenticate(ctx.connectionParams?.authorization, liveSocketOf(ctx.extra.socket));
        if (!actor) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.actor = actor;
        await options.onConnected(actor);
        return true;
      },
      // The same edge as HTTP, before anything executes: at most N operations per socket, the
      // parser's token limit, validation, depth, cost and one login, and the actor's request budget.
      onSubscribe: async (ctx, id, payload) => {
        const open = Object.keys(ctx.subscriptions).length; // this one included
        const max = limits.options.maxSubscriptionsPerSocket;
        if (open > max) {
          return refused(new DomainError(ErrorCode.RATE_LIMITED, `At most ${max} subscriptions per socket; complete one first`, {
            limit: max,
            retryAfterSeconds: 1,
          }));
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.options.maxTokens });
        } catch (error) {
          return refused(error);
        }
        const invalid = validate(options.schema, document);
        if (invalid.length > 0) return invalid;
        const refusal = limits.check({ document, variables: payload.variables, operationName: payload.operationName });
        if (refusal) return refused(refusal);
        try {
          checkOperationText(document, payload.variables);
        } catch (error) {
          return refused(error);
        }
        if (options.takeRequest && ctx.extra.actor) {
          try {
            await options.takeRequest(ctx.extra.actor);
          } catch (error) {
            return refused(error);
          }
        }
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onClose: async (ctx) => {
        await options.onDisconnected(ctx.extra.actor ?? null, liveSocketOf(ctx.extra.socket));
      },
      context: (ctx, id, _payload, args) =>
        options.contextFor(ctx.extra.actor ?? null, {
          hub: options.hub,
          socket: liveSocketOf(ctx.extra.socket),
          subscriptionId: id,
          document: args.document,
          operationName: args.operationName,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
        }),
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
    },
    wsServer,
  );
  return {
    close: async () => {
      await cleanup.dispose();
      wsServer.close();
    },
  };
}

const liveSockets = new WeakMap<WebSocket, LiveSocket>();

/** One LiveSocket per connection, shared by its subscriptions, that can cork its TCP socket. */
function liveSocketOf(ws: WebSocket): LiveSocket {
  let socket = liveSockets.get(ws);
  if (!socket) {
    // ws keeps its TCP socket private; corking it lets the frames of a batch leave in one
    // writev (ws's own cork/uncork per frame nests inside ours).
    const tcp = () => (ws as unknown as { _socket?: net.Socket | null })._socket ?? null;
    socket = {
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      get readyState() {
        return ws.readyState;
      },
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      cork: () => tcp()?.cork(),
      uncork: () => tcp()?.uncork(),
    };
    liveSockets.set(ws, socket);
  }
  return socket;
}
