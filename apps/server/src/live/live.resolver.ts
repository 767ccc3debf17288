import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { DomainError, ErrorCode, notFound, subscriptionOverWebSocketOnly } from '../errors.js';
import { Agent } from '../modules/agents/agent.entity.js';
import { Board } from '../modules/board/board.model.js';
import { requireAgent, SupervisorRead } from '../modules/auth/actor.js';
import { SettingsChange } from '../modules/settings/settings-change.js';
import type { Context, LiveRequest } from '../modules/context.js';
import { ThreadEventType } from '../modules/threads/thread.enums.js';
import { ThreadFilter } from '../modules/threads/thread.inputs.js';
import { ThreadEvent } from '../modules/thread-events/thread-event.model.js';
import { TypingEvent, type TypingService } from './typing.js';

/** The live request of a subscription; over HTTP there is none. */
function live(context: unknown): LiveRequest {
  const { live: request, actor } = context as Context;
  if (!request || !actor) throw subscriptionOverWebSocketOnly();
  if (actor.expiresAt.getTime() <= Date.now()) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The session has expired: sign in again');
  return request;
}

/** Subscriptions: the hub writes their frames itself, straight from the log (or NOTIFY, for typing). */
@Resolver()
export class LiveResolver {
  constructor(private readonly typingService: TypingService) {}

  @Authorized()
  @Subscription(() => ThreadEvent, {
    description: 'Every change the caller may see, in commit order; an event is delivered when the caller could see and match the thread before or after it. With `after`, first replays what was missed.',
    subscribe: ({ args, context }) => live(context).hub.subscribeEvents(context as Context, args),
  })
  threadEvents(
    @Root() event: ThreadEvent,
    @Arg('after', () => String, { nullable: true }) _after?: string,
    @Arg('filter', () => ThreadFilter, { nullable: true }) _filter?: ThreadFilter,
    @Arg('types', () => [ThreadEventType], { nullable: true }) _types?: ThreadEventType[],
  ): ThreadEvent {
    return event;
  }

  @Authorized()
  @Subscription(() => TypingEvent, {
    subscribe: ({ args, context }) => live(context).hub.subscribeTyping(context as Context, (args as { threadId: string }).threadId),
  })
  typing(@Root() event: TypingEvent, @Arg('threadId', () => ID) _threadId: string): TypingEvent {
    return event;
  }

  @Authorized()
  @Subscription(() => Agent, { subscribe: ({ context }) => live(context).hub.subscribePresence(context as Context) })
  agentPresenceChanged(@Root() agent: Agent): Agent {
    return agent;
  }

  @SupervisorRead()
  @Subscription(() => Board, {
    description: 'A fresh board whenever it changes, at most every 250 ms; the first right after subscribing.',
    subscribe: ({ context }) => live(context).hub.subscribeBoard(context as Context),
  })
  boardUpdated(@Root() board: Board): Board {
    return board;
  }

  @Authorized()
  @Subscription(() => SettingsChange, {
    description: 'Each change to the set-up (queues, agents, channels; API keys and webhooks for admins), by anyone: reload that part.',
    subscribe: ({ context }) => live(context).hub.subscribeSettings(context as Context),
  })
  settingsChanged(@Root() change: SettingsChange): SettingsChange {
    return change;
  }

  @Authorized()
  @Mutation(() => Boolean, { nullable: true })
  setTyping(@Arg('threadId', () => ID) threadId: string, @Arg('typing') typing: boolean, @Ctx() { actor }: Context): Promise<boolean> {
    return this.typingService.setTyping(requireAgent(actor!), threadId, typing);
  }
}

@Resolver(() => TypingEvent)
export class TypingEventResolver {
  @FieldResolver(() => Agent)
  async agent(@Root() event: TypingEvent, @Ctx() { loaders }: Context): Promise<Agent> {
    const agent = await loaders.agent.load(event.agentId);
    if (!agent) throw notFound('Agent', event.agentId);
    return agent;
  }
}
