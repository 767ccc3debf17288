import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { notFound } from '../../graphql/errors.js';
import { Agent, AgentRole } from '../agents/agent.entity.js';
import { viewerOf } from '../auth/actor.js';
import { Channel } from '../channels/channel.entity.js';
import type { ThreadReader } from '../threads/thread-reader.js';
import { InboundMessageInput, ReceiveMessagePayload } from './ingest.inputs.js';
import type { IngestService } from './ingest.service.js';
import { Message } from './message.model.js';
import type { MessageReader } from './message-reader.js';

@Resolver(() => Message)
export class MessageResolver {
  constructor(
    private readonly ingest: IngestService,
    private readonly messages: MessageReader,
    private readonly threads: ThreadReader,
  ) {}

  /** ADMIN agents for now; INGEST API keys arrive with the security work. */
  @Authorized(AgentRole.ADMIN)
  @Mutation(() => ReceiveMessagePayload, { nullable: true, description: "Ingest a customer's message from a channel. Idempotent on (channelKind, externalId)." })
  async receiveMessage(@Arg('input') input: InboundMessageInput, @Ctx() { actor }: Context): Promise<ReceiveMessagePayload> {
    const result = await this.ingest.receive(input);
    const [message, thread] = await Promise.all([
      this.messages.byIds([result.messageId]).then((found) => found.get(result.messageId)),
      this.threads.one(viewerOf(actor!), result.threadId),
    ]);
    if (!message || !thread) throw notFound('Message', result.messageId);
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
