import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { requireAgent } from '../auth/actor.js';
import { notFound } from '../../errors.js';
import { Agent, AgentRole } from '../agents/agent.entity.js';
import { viewerOf } from '../threads/visibility.js';
import { Channel } from '../channels/channel.entity.js';
import type { ThreadReader } from '../threads/thread-reader.js';
import { InboundMessageInput, ReceiveMessagePayload } from './ingest.inputs.js';
import type { IngestService } from './ingest.service.js';
import { ChannelKind } from '../channels/channel.entity.js';
import { DeliveryStatus, Message } from './message.model.js';
import { MessagePayload } from './message-payload.js';
import type { MessageChange, ReplyService } from './reply.service.js';
import type { MessageReader } from './message-reader.js';

@Resolver(() => Message)
export class MessageResolver {
  constructor(
    private readonly ingest: IngestService,
    private readonly replies: ReplyService,
    private readonly messages: MessageReader,
    private readonly threads: ThreadReader,
  ) {}

  @Authorized()
  @Mutation(() => MessagePayload, {
    nullable: true,
    description: "Answer the customer, on the thread's channel or another one the customer has an identity on. A retry with the same idempotencyKey sends nothing twice.",
  })
  async reply(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('body') body: string,
    @Ctx() { actor }: Context,
    @Arg('channelKind', () => ChannelKind, { nullable: true }) channelKind?: ChannelKind,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey?: string,
  ): Promise<MessagePayload> {
    return this.payload(actor!, await this.replies.reply(requireAgent(actor!), threadId, { body, channelKind, idempotencyKey }));
  }

  @Authorized()
  @Mutation(() => MessagePayload, { nullable: true })
  async addNote(@Arg('threadId', () => ID) threadId: string, @Arg('body') body: string, @Ctx() { actor }: Context): Promise<MessagePayload> {
    return this.payload(actor!, await this.replies.addNote(requireAgent(actor!), threadId, body));
  }

  /** INGEST and ADMIN keys, and ADMIN agents (a gateway reports delivery). */
  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Message, { nullable: true, description: 'A gateway reports how delivery of a REPLY went.' })
  async setMessageDelivery(
    @Arg('messageId', () => ID) messageId: string,
    @Arg('status', () => DeliveryStatus) status: DeliveryStatus,
    @Ctx() { actor }: Context,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string,
    @Arg('error', () => String, { nullable: true }) error?: string,
  ): Promise<Message> {
    return (await this.payload(actor!, await this.replies.setDelivery(actor!, messageId, status, externalId, error))).message;
  }

  private async payload(actor: NonNullable<Context['actor']>, change: MessageChange): Promise<MessagePayload> {
    const [message, thread] = await Promise.all([
      this.messages.byIds([change.messageId]).then((found) => found.get(change.messageId)),
      this.threads.forPayload(viewerOf(actor), change.threadId),
    ]);
    if (!message) throw notFound('Message', change.messageId);
    return { message, thread, cursor: change.cursor };
  }

  /** INGEST and ADMIN keys, and ADMIN agents (a gateway reports delivery). */
  @Authorized(AgentRole.ADMIN)
  @Mutation(() => ReceiveMessagePayload, { nullable: true, description: "Ingest a customer's message from a channel. Idempotent on (channelKind, externalId)." })
  async receiveMessage(@Arg('input') input: InboundMessageInput, @Ctx() { actor }: Context): Promise<ReceiveMessagePayload> {
    const result = await this.ingest.receive(input);
    const [message, thread] = await Promise.all([
      this.messages.byIds([result.messageId]).then((found) => found.get(result.messageId)),
      this.threads.forPayload(viewerOf(actor!), result.threadId),
    ]);
    if (!message) throw notFound('Message', result.messageId);
    return { message, thread, duplicate: result.duplicate };
  }

  @FieldResolver(() => Channel)
  async channel(@Root() message: Message, @Ctx() { loaders }: Context): Promise<Channel> {
    const channel = await loaders.channel.load(message.channelId);
    if (!channel) throw notFound('Channel', message.channelId);
    return channel;
  }

  @FieldResolver(() => Agent, { nullable: true, description: 'The agent who wrote it (for SYSTEM: the agent whose action wrote it); null for INBOUND.' })
  async author(@Root() message: Message, @Ctx() { loaders }: Context): Promise<Agent | null> {
    return message.authorId ? ((await loaders.agent.load(message.authorId)) ?? null) : null;
  }
}
