import { Field, Int, ObjectType } from 'type-graphql';
import { PRIORITY_BY_RANK, ThreadEventType, type Priority, type ThreadStatus } from '../modules/threads/thread.enums.js';
import { ThreadState } from '../modules/threads/thread.model.js';
import type { ThreadStateJson } from '../modules/threads/thread-state.js';

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

export interface EventRow {
  id: string;
  type: ThreadEventType;
  thread_id: string;
  actor_id: string | null;
  message_id: string | null;
  thread_version: number;
  before: ThreadStateJson | null;
  after: ThreadStateJson;
  note: string | null;
  created_at: Date;
}

export function threadEventFromRow(row: EventRow): ThreadEvent {
  return Object.assign(new ThreadEvent(), {
    cursor: String(row.id),
    type: row.type,
    at: row.created_at,
    threadVersion: row.thread_version,
    before: row.before ? stateFromJson(row.before) : null,
    after: stateFromJson(row.after),
    note: row.note,
    threadId: row.thread_id,
    actorId: row.actor_id,
    messageId: row.message_id,
  });
}

function stateFromJson(json: ThreadStateJson): ThreadState {
  return Object.assign(new ThreadState(), {
    status: json.status as ThreadStatus,
    queueId: json.queueId,
    ownerId: json.ownerId,
    collaboratorIds: json.collaboratorIds,
    priority: (typeof json.priority === 'number' ? PRIORITY_BY_RANK[json.priority] : json.priority) as Priority,
    waitingSince: json.waitingSince ? new Date(json.waitingSince) : null,
    responseDueAt: json.responseDueAt ? new Date(json.responseDueAt) : null,
  });
}
