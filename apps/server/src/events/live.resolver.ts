import { Arg, Authorized, Root, Subscription, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { ThreadEventType } from '../modules/threads/thread.enums.js';
import { ThreadFilter } from '../modules/threads/thread.inputs.js';
import type { LiveFilter } from './delivery.js';
import { ThreadEvent } from './thread-event.model.js';

function hubOf(context: Context) {
  if (!context.live) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Subscriptions run over WebSocket (graphql-ws) on /graphql');
  return context.live.hub;
}

/** Subscriptions: the hub writes their frames itself, straight from the log. */
@Resolver()
export class LiveResolver {
  @Authorized()
  @Subscription(() => ThreadEvent, {
    description: 'Every change the caller may see, in commit order; an event is delivered when the caller could see and match the thread before or after it. With `after`, first replays what was missed.',
    subscribe: ({ args, context }) =>
      hubOf(context as Context).subscribeEvents(context as Context, args as { after?: string; filter?: LiveFilter; types?: string[] }),
  })
  threadEvents(
    @Root() event: ThreadEvent,
    @Arg('after', () => String, { nullable: true }) _after?: string,
    @Arg('filter', () => ThreadFilter, { nullable: true }) _filter?: ThreadFilter,
    @Arg('types', () => [ThreadEventType], { nullable: true }) _types?: ThreadEventType[],
  ): ThreadEvent {
    return event;
  }
}
