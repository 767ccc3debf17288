import { Field, Int, ObjectType } from 'type-graphql';
import type { LoggedThreadEvent, ThreadStateJson } from '../../events/event-types.js';
import { ThreadEventType, type Priority, type ThreadStatus } from '../threads/thread.enums.js';
import { ThreadState } from '../threads/thread.model.js';

/** One row of the event log about a thread; `thread`, `actor` and `message` resolve from ids. */
@ObjectType()
export class ThreadEvent {
  @Field({ description: 'Opaque; strictly increasing in commit order. Pass it as `after` to resume without a gap.' })
  cursor!: string;

  @Field(() => ThreadEventType)
  type!: ThreadEventType;

  @Field()
  at!: Date;

  @Field(() => Int, { description: "The thread's version right after this change." })
  threadVersion!: number;

  @Field(() => ThreadState, { nullable: true, description: 'State before the change; null for CREATED.' })
  before!: ThreadState | null;

  @Field(() => ThreadState)
  after!: ThreadState;

  @Field(() => String, { nullable: true, description: 'The note given with a hand-off.' })
  note!: string | null;

  threadId!: string;
  actorId!: string | null;
  messageId!: string | null;
}

/** The GraphQL view of a logged thread event. */
export function threadEventOf(event: LoggedThreadEvent): ThreadEvent {
  return Object.assign(new ThreadEvent(), {
    cursor: event.id,
    type: event.type,
    at: event.createdAt,
    threadVersion: event.threadVersion,
    before: event.before ? stateFromJson(event.before) : null,
    after: stateFromJson(event.after),
    note: event.note,
    threadId: event.threadId,
    actorId: event.actorId,
    messageId: event.messageId,
  });
}

function stateFromJson(json: ThreadStateJson): ThreadState {
  return Object.assign(new ThreadState(), {
    status: json.status as ThreadStatus,
    queueId: json.queueId,
    ownerId: json.ownerId,
    collaboratorIds: json.collaboratorIds,
    priority: json.priority as Priority,
    waitingSince: json.waitingSince ? new Date(json.waitingSince) : null,
    responseDueAt: json.responseDueAt ? new Date(json.responseDueAt) : null,
  });
}
