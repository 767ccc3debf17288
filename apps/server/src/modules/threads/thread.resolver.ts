import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { requireAgent } from '../auth/actor.js';
import { pageSize, selects } from '../pagination.js';
import { Agent } from '../agents/agent.entity.js';
import { viewerOf } from './visibility.js';
import { Channel } from '../channels/channel.entity.js';
import { Customer } from '../customers/customer.model.js';
import { MessageConnection } from '../messages/message-reader.js';
import { Message } from '../messages/message.model.js';
import { Queue } from '../queues/queue.entity.js';
import { Priority, ThreadOrder, ThreadStatus } from './thread.enums.js';
import { ThreadFilter } from './thread.inputs.js';
import { Thread, ThreadConnection, ThreadPayload } from './thread.model.js';
import type { ThreadReader } from './thread-reader.js';
import type { ThreadService } from './thread.service.js';
import type { ThreadChange } from './thread-writer.js';

@Resolver(() => Thread)
export class ThreadResolver {
  constructor(
    private readonly reader: ThreadReader,
    private readonly service: ThreadService,
  ) {}

  @Authorized()
  @Query(() => Thread, { nullable: true })
  thread(@Arg('id', () => ID) id: string, @Ctx() { actor }: Context): Promise<Thread | undefined> {
    return this.reader.one(viewerOf(actor!), id);
  }

  @Authorized()
  @Query(() => ThreadConnection)
  threads(
    @Ctx() { actor }: Context,
    @Arg('filter', () => ThreadFilter, { nullable: true }) filter?: ThreadFilter,
    @Arg('orderBy', () => ThreadOrder, { nullable: true, defaultValue: ThreadOrder.DUE_SOONEST }) orderBy?: ThreadOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<ThreadConnection> {
    return this.reader.list(viewerOf(actor!), {
      filter,
      orderBy: orderBy ?? ThreadOrder.DUE_SOONEST,
      first: pageSize(first ?? 50),
      after,
      withTotal: info ? selects(info, 'totalCount') : true,
    });
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true })
  async setThreadStatus(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('status', () => ThreadStatus) status: ThreadStatus,
    @Ctx() { actor }: Context,
  ): Promise<ThreadPayload> {
    return this.payload(await this.service.setStatus(requireAgent(actor!), threadId, status), actor!);
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true })
  async setThreadPriority(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('priority', () => Priority) priority: Priority,
    @Ctx() { actor }: Context,
  ): Promise<ThreadPayload> {
    return this.payload(await this.service.setPriority(requireAgent(actor!), threadId, priority), actor!);
  }

  @FieldResolver(() => Customer)
  customer(@Root() thread: Thread): Customer {
    return thread.customer;
  }

  @FieldResolver(() => Queue)
  queue(@Root() thread: Thread): Queue {
    return thread.queue;
  }

  @FieldResolver(() => Channel, { description: 'Where the customer last wrote; replies go there unless the agent picks another channel.' })
  channel(@Root() thread: Thread): Channel {
    return thread.channel;
  }

  @FieldResolver(() => Agent, { nullable: true, description: 'The agent who holds the thread; null while it waits in its queue.' })
  owner(@Root() thread: Thread): Agent | null {
    return thread.owner;
  }

  @FieldResolver(() => Agent, { nullable: true, description: 'The agent who sent the first REPLY (that was not FAILED), whoever claimed or held the thread.' })
  async firstResponder(@Root() thread: Thread, @Ctx() { loaders }: Context): Promise<Agent | null> {
    return thread.firstResponderId ? (await loaders.agent.load(thread.firstResponderId)) ?? null : null;
  }

  @FieldResolver(() => [Agent], { description: 'Agents co-responding beside the owner.' })
  collaborators(@Root() thread: Thread): Agent[] {
    return thread.collaborators;
  }

  @FieldResolver(() => Int, { nullable: true, description: "Seconds the customer has waited, at the server's clock when the field was resolved; null when nobody waits." })
  waitSeconds(@Root() thread: Thread): number | null {
    return thread.waitingSince ? Math.max(0, Math.floor((Date.now() - thread.waitingSince.getTime()) / 1000)) : null;
  }

  @FieldResolver(() => Channel, { nullable: true, description: 'The channel of the unanswered message that sets responseDueAt.' })
  waitChannel(@Root() thread: Thread): Channel | null {
    return thread.waitChannel;
  }

  @FieldResolver(() => Boolean, { description: 'True while a customer waits past responseDueAt.' })
  breached(@Root() thread: Thread): boolean {
    return thread.responseDueAt !== null && Date.now() > thread.responseDueAt.getTime();
  }

  @FieldResolver(() => Message, { nullable: true })
  lastMessage(@Root() thread: Thread): Message | null {
    return thread.lastMessage;
  }

  @FieldResolver(() => MessageConnection, { description: 'Oldest first, in the order the server stored them. Empty on a thread the caller may no longer see.' })
  async messages(
    @Root() thread: Thread,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<MessageConnection> {
    const size = pageSize(first ?? 50);
    if (thread.access !== 'FULL') return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    return loaders.messagesOfThread.load({ id: thread.id, first: size, after: after ?? null });
  }

  private async payload(change: ThreadChange, actor: NonNullable<Context['actor']>): Promise<ThreadPayload> {
    return { thread: await this.reader.forPayload(viewerOf(actor), change.threadId), cursor: change.cursor };
  }
}
