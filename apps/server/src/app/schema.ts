import 'reflect-metadata';
import { GraphQLScalarType, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AgentResolver } from '../modules/agents/agent.resolver.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { ApiKeyResolver } from '../modules/api-keys/api-key.resolver.js';
import { ChannelResolver } from '../modules/channels/channel.resolver.js';
import { QueueResolver } from '../modules/queues/queue.resolver.js';
import { CustomerResolver } from '../modules/customers/customer.resolver.js';
import { MessageResolver } from '../modules/messages/message.resolver.js';
import { ThreadResolver } from '../modules/threads/thread.resolver.js';
import { ThreadEventResolver } from '../modules/thread-events/thread-event.resolver.js';
import { WebhookResolver } from '../modules/webhooks/webhook.resolver.js';
import { AgentLoadResolver, BoardResolver } from '../modules/board/board.resolver.js';
import { BoardSnapshotResolver, ReportResolver } from '../modules/reports/report.resolver.js';
import { ClaimsResolver } from '../modules/threads/claims.resolver.js';
import { LiveResolver, TypingEventResolver } from '../live/live.resolver.js';
import { SettingsChangeResolver } from '../modules/settings/settings-change.resolver.js';
import { authChecker } from '../graphql/auth-checker.js';
import type { Services } from './services.js';

/** The contract names its instant scalar `DateTime` (type-graphql 2 would say `DateTimeISO`). */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  name: 'DateTime',
  description: 'An instant, ISO-8601 with a time zone, e.g. 2026-11-22T16:33:07.123Z.',
});

const RESOLVERS = [AuthResolver, ApiKeyResolver, AgentResolver, QueueResolver, ChannelResolver, ThreadResolver, MessageResolver, CustomerResolver, ThreadEventResolver, ClaimsResolver, LiveResolver, TypingEventResolver, WebhookResolver, BoardResolver, AgentLoadResolver, ReportResolver, BoardSnapshotResolver, SettingsChangeResolver] as const;

const NO_PUBSUB = {
  publish(): never {
    throw new Error('Subscriptions are fed by the event log, not by an in-process PubSub');
  },
  subscribe(): never {
    throw new Error('Subscriptions are fed by the event log, not by an in-process PubSub');
  },
};

/** Resolvers are built here with their services; type-graphql asks this container for them. */
function containerFor(services: Services | undefined): ContainerType {
  const instances = new Map<unknown, unknown>(
    services
      ? [
          [AuthResolver, new AuthResolver(services.auth)],
          [ApiKeyResolver, new ApiKeyResolver(services.apiKeys)],
          [AgentResolver, new AgentResolver(services.agents)],
          [QueueResolver, new QueueResolver(services.queues)],
          [ChannelResolver, new ChannelResolver(services.channels)],
          [ThreadResolver, new ThreadResolver(services.threadReader, services.threads)],
          [MessageResolver, new MessageResolver(services.ingest, services.replies, services.messages, services.threadReader)],
          [ClaimsResolver, new ClaimsResolver(services.claims, services.participants, services.threadReader)],
          [LiveResolver, new LiveResolver(services.typing)],
          [TypingEventResolver, new TypingEventResolver()],
          [CustomerResolver, new CustomerResolver(services.customers)],
          [ThreadEventResolver, new ThreadEventResolver(services.events)],
          [WebhookResolver, new WebhookResolver(services.webhooks)],
          [BoardResolver, new BoardResolver(services.board)],
          [AgentLoadResolver, new AgentLoadResolver()],
          [ReportResolver, new ReportResolver(services.reports, services.boardHistory)],
          [BoardSnapshotResolver, new BoardSnapshotResolver()],
          [SettingsChangeResolver, new SettingsChangeResolver()],
        ]
      : [],
  );
  return {
    get(someClass) {
      const instance = instances.get(someClass);
      if (!instance) throw new Error(`no instance for ${String((someClass as { name?: string }).name)}`);
      return instance;
    },
  };
}

/** Without services the schema can be printed but not executed (`emit-schema`). */
export function createSchema(services?: Services): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    authChecker,
    container: containerFor(services),
    validate: false,
    // Subscriptions read the event log (live/live-hub.ts); no in-process PubSub is a source.
    pubSub: NO_PUBSUB,
  });
}

export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(await createSchema())}\n`;
}
