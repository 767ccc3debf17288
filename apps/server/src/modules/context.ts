import type { DocumentNode } from 'graphql';
import type DataLoader from 'dataloader';
import type { Actor } from './auth/actor.js';
import type { Agent } from './agents/agent.entity.js';
import type { Channel } from './channels/channel.entity.js';
import type { Message } from './messages/message.model.js';
import type { MessageConnection } from './messages/message-reader.js';
import type { Queue } from './queues/queue.entity.js';
import type { Thread, ThreadConnection } from './threads/thread.model.js';

/** A page of a parent's list: the parents asking for the same page (first, after) load together. */
export interface PageKey {
  id: string;
  first: number;
  after: string | null;
}

/** Per-request batchers: one query per field per page, never one per row. */
export interface Loaders {
  agent: DataLoader<string, Agent | undefined>;
  queue: DataLoader<string, Queue | undefined>;
  channel: DataLoader<string, Channel | undefined>;
  message: DataLoader<string, Message | undefined>;
  /** ThreadEvent.thread: the thread as it is now, REDACTED where the viewer may no longer see it. */
  eventThread: DataLoader<string, Thread | undefined>;
  queuesOfAgent: DataLoader<string, Queue[]>;
  membersOfQueue: DataLoader<PageKey, Agent[], string>;
  /** Thread.messages of threads the viewer may see in FULL (the resolver checks). */
  messagesOfThread: DataLoader<PageKey, MessageConnection, string>;
  /** Customer.threads, as the viewer may see them. */
  threadsOfCustomer: DataLoader<PageKey, ThreadConnection, string>;
  ownedThreadCount: DataLoader<string, number>;
}

/** The socket surface the live path writes to (a `ws` WebSocket). */
export interface LiveSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code: number, reason: string): void;
  /** Holds writes back until `uncork`, so many frames leave in one system call. */
  cork?(): void;
  uncork?(): void;
}

/** A subscription over graphql-ws: where its frames go and what it asked for. */
export interface LiveRequest {
  socket: LiveSocket;
  subscriptionId: string;
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  /** The live runtime that feeds it (live/live-hub.ts). */
  hub: LiveSubscriptions;
}

/** What subscription resolvers ask of the live runtime; the hub writes their frames itself. */
export interface LiveSubscriptions {
  subscribeEvents(context: Context, args: Record<string, unknown>): Promise<AsyncIterableIterator<never>>;
  subscribeTyping(context: Context, threadId: string): Promise<AsyncIterableIterator<never>>;
  subscribePresence(context: Context): AsyncIterableIterator<never>;
  subscribeBoard(context: Context): AsyncIterableIterator<never>;
  subscribeSettings(context: Context): AsyncIterableIterator<never>;
}

/** What every resolver gets, over HTTP and WebSocket alike (graphql/context.ts builds it). */
export type Context = {
  actor: Actor | null;
  loaders: Loaders;
  /** Set for operations over graphql-ws. */
  live?: LiveRequest;
  /** The client's address (per-address login limits). */
  clientIp?: string;
};
