import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { AppError, ErrorCode, notFound } from '../graphql/errors.js';
import { Agent } from '../modules/agents/agent.entity.js';
import { ThreadEventType } from '../modules/threads/thread.enums.js';
import { ThreadFilter } from '../modules/threads/thread.inputs.js';
import type { LiveFilter } from './delivery.js';
import { ThreadEvent } from './thread-event.model.js';
import { TypingEvent, type TypingService } from './typing.js';

function live(context: Context) {
  if (!context.live || !context.actor) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Subscriptions run over WebSocket (graphql-ws) on /graphql');
  if (context.actor.expiresAt.getTime() <= Date.now()) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The session has expired: sign in again');
  return context.live;
}

/** Subscriptions: the hub writes their frames itself, straight from the log (or NOTIFY, for typing). */
@Resolver()
export class LiveResolver {
  constructor(private readonly typingService: TypingService) {}

  @Authorized()
  @Subscription(() => ThreadEvent, {
    description: 'Every change the caller may see, in commit order; an event is delivered when the caller could see and match the thread before or after it. With `after`, first replays what was missed.',
    subscribe: ({ args, context }) =>
      live(context as Context).hub.subscribeEvents(context as Context, args as { after?: string; filter?: LiveFilter; types?: string[] }),
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
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const request = live(ctx);
      await request.typing.requireVisible(ctx.actor!, (args as { threadId: string }).threadId);
      return request.hub.subscribeSide(ctx, 'typing', (args as { threadId: string }).threadId);
    },
  })
  typing(@Root() event: TypingEvent, @Arg('threadId', () => ID) _threadId: string): TypingEvent {
    return event;
  }

  @Authorized()
  @Subscription(() => Agent, { subscribe: ({ context }) => live(context as Context).hub.subscribeSide(context as Context, 'presence', null) })
  agentPresenceChanged(@Root() agent: Agent): Agent {
    return agent;
  }

  @Authorized()
  @Mutation(() => Boolean, { nullable: true })
  setTyping(@Arg('threadId', () => ID) threadId: string, @Arg('typing') typing: boolean, @Ctx() { actor }: Context): Promise<boolean> {
    return this.typingService.setTyping(actor!, threadId, typing);
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
