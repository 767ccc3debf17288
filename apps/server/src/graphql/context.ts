import DataLoader from 'dataloader';
import type { Actor } from '../modules/auth/actor.js';
import type { Context, LiveRequest, PageKey } from '../modules/context.js';
import { redacted } from '../modules/threads/thread-reader.js';
import type { Thread, ThreadConnection } from '../modules/threads/thread.model.js';
import { viewerOf, type ThreadAccess } from '../modules/threads/visibility.js';
import { ThreadOrder } from '../modules/threads/thread.enums.js';
import type { AgentService } from '../modules/agents/agent.service.js';
import type { ChannelService } from '../modules/channels/channel.service.js';
import type { CustomerService } from '../modules/customers/customer.service.js';
import type { MessageReader } from '../modules/messages/message-reader.js';
import type { QueueService } from '../modules/queues/queue.service.js';
import type { ThreadReader } from '../modules/threads/thread-reader.js';

export type { Context };

type Page = Omit<PageKey, 'id'>;

/** Batches page loads by (first, after): one load per distinct page asked for, whatever the number of parents. */
function pages<V>(load: (ids: readonly string[], page: Page) => Promise<Map<string, V>>, fallback: () => V): DataLoader<PageKey, V, string> {
  const pageOf = (key: PageKey) => `${key.first}:${key.after ?? ''}`;
  return new DataLoader<PageKey, V, string>(async (keys) => {
    const groups = new Map<string, PageKey[]>();
    for (const key of keys) groups.set(pageOf(key), [...(groups.get(pageOf(key)) ?? []), key]);
    const found = new Map<string, V>();
    await Promise.all([...groups.values()].map(async (group) => {
      const { first, after } = group[0]!;
      const values = await load(group.map((key) => key.id), { first, after });
      for (const key of group) found.set(`${pageOf(key)}:${key.id}`, values.get(key.id) ?? fallback());
    }));
    return keys.map((key) => found.get(`${pageOf(key)}:${key.id}`) ?? fallback());
  }, { cacheKeyFn: (key) => `${pageOf(key)}:${key.id}` });
}

/** The readers a context's loaders batch over. */
export interface ContextServices {
  agents: AgentService;
  queues: QueueService;
  channels: ChannelService;
  messages: MessageReader;
  threadReader: ThreadReader;
  customers: CustomerService;
}

export interface ContextOptions {
  live?: LiveRequest;
  /**
   * The live path decided, with the same rule, how much of each event's thread this render's
   * subscribers may see now; HTTP leaves it to the thread read (visibility.ts).
   */
  eventThreadAccess?: ThreadAccess;
  /** The client's address, as the transport knows it. */
  clientIp?: string;
}

/** One context builder for HTTP and WebSocket alike. */
export function buildContext(services: ContextServices, actor: Actor | null, options: ContextOptions = {}): Context {
  const { agents, queues, channels, messages, threadReader, customers } = services;
  const batch = <V>(load: (ids: readonly string[]) => Promise<Map<string, V>>, fallback: () => V) =>
    new DataLoader<string, V>(async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? fallback());
    });
  const eventThreads = async (ids: readonly string[]): Promise<Map<string, Thread>> => {
    if (!actor) return new Map();
    const { eventThreadAccess: access } = options;
    if (!access) return threadReader.byIds(viewerOf(actor), ids, { hidden: 'redact' });
    const threads = await threadReader.byIds({ agentId: viewerOf(actor).agentId, seesAll: true }, ids);
    return access === 'FULL' ? threads : new Map([...threads].map(([id, thread]) => [id, redacted(thread)]));
  };
  // Customer.threads' first pages in two statements (ids per customer, then the rows); a later
  // page (`after`) is one customer's own list read.
  const customerThreads = async (ids: readonly string[], page: Page): Promise<Map<string, ThreadConnection>> => {
    if (!actor) return new Map();
    const viewer = viewerOf(actor);
    if (page.after !== null) {
      const after = page.after;
      return new Map(await Promise.all(ids.map(async (id) =>
        [id, await threadReader.list(viewer, { filter: { customerId: id }, orderBy: ThreadOrder.NEWEST, first: page.first, after })] as const)));
    }
    const idPages = await customers.threadPages(viewer, ids, page.first);
    const rows = await threadReader.byIds(viewer, [...idPages.values()].flatMap((idPage) => idPage.edges.map((edge) => edge.id)));
    return new Map([...idPages].map(([id, idPage]) => {
      const edges = idPage.edges.flatMap((edge) => {
        const node = rows.get(edge.id);
        return node ? [{ cursor: edge.cursor, node }] : [];
      });
      return [id, { edges, pageInfo: { hasNextPage: idPage.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: idPage.totalCount }];
    }));
  };
  return {
    actor,
    ...(options.live ? { live: options.live } : {}),
    ...(options.clientIp ? { clientIp: options.clientIp } : {}),
    loaders: {
      agent: batch((ids) => agents.byIds(ids), () => undefined),
      queue: batch((ids) => queues.byIds(ids), () => undefined),
      channel: batch((ids) => channels.byIds(ids), () => undefined),
      message: batch((ids) => messages.byIds(ids), () => undefined),
      eventThread: batch(eventThreads, () => undefined),
      queuesOfAgent: batch((ids) => queues.queuesOf(ids), () => []),
      membersOfQueue: pages((ids, page) => queues.membersOf(ids, page), () => []),
      messagesOfThread: pages((ids, page) => messages.pages(ids, page.first, page.after), () => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } })),
      threadsOfCustomer: pages(customerThreads, () => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 })),
      ownedThreadCount: batch((ids) => agents.ownedThreadCounts(ids), () => 0),
    },
  };
}
