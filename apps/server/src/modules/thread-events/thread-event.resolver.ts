import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { notFound } from '../../errors.js';
import { Agent } from '../agents/agent.entity.js';
import { viewerOf } from '../threads/visibility.js';
import { Message } from '../messages/message.model.js';
import { Thread } from '../threads/thread.model.js';
import type { ThreadEventReader } from './thread-event-reader.js';
import { ThreadEvent, threadEventOf } from './thread-event.model.js';

@Resolver(() => ThreadEvent)
export class ThreadEventResolver {
  constructor(private readonly events: ThreadEventReader) {}

  @Authorized()
  @Query(() => String, { description: 'The cursor of the latest event now. Read it before loading a list, then subscribe with `after` it: nothing falls in between.' })
  eventCursor(): Promise<string> {
    return this.events.cursor();
  }

  @Authorized()
  @Query(() => [ThreadEvent], { description: 'The event log, oldest first, strictly after `after`.' })
  async threadEvents(
    @Ctx() { actor }: Context,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('threadId', () => ID, { nullable: true }) threadId?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first?: number,
  ): Promise<ThreadEvent[]> {
    return (await this.events.page(viewerOf(actor!), { after, threadId, first: first ?? 100 })).map(threadEventOf);
  }

  @FieldResolver(() => Agent, { nullable: true })
  async actor(@Root() event: ThreadEvent, @Ctx() { loaders }: Context): Promise<Agent | null> {
    return event.actorId ? ((await loaders.agent.load(event.actorId)) ?? null) : null;
  }

  /** As it is NOW, and as much of it as the viewer may see now (visibility.ts). */
  @FieldResolver(() => Thread, { description: 'The thread as it is NOW (not as it was at the event); use before/after for the change itself. A thread the caller may no longer see comes without its messages, preview or customer identities.' })
  async thread(@Root() event: ThreadEvent, @Ctx() { loaders }: Context): Promise<Thread> {
    const thread = await loaders.eventThread.load(event.threadId);
    if (!thread) throw notFound('Thread', event.threadId);
    return thread;
  }

  @FieldResolver(() => Message, { nullable: true, description: 'The message this event added or changed, for MESSAGE_RECEIVED, REPLIED, NOTE_ADDED, DELIVERY_CHANGED.' })
  async message(@Root() event: ThreadEvent, @Ctx() { loaders }: Context): Promise<Message | null> {
    return event.messageId ? ((await loaders.message.load(event.messageId)) ?? null) : null;
  }
}
