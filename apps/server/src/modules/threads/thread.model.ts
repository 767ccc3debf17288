import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../pagination.js';
import type { Agent } from '../agents/agent.entity.js';
import type { Channel } from '../channels/channel.entity.js';
import type { Customer } from '../customers/customer.model.js';
import type { Message } from '../messages/message.model.js';
import type { Queue } from '../queues/queue.entity.js';
import { Priority, ThreadStatus } from './thread.enums.js';
import type { ThreadAccess } from './visibility.js';

/**
 * A thread as one query loads it, with what its list row shows (customer, queue, channels, owner,
 * collaborators, last message, preview) already attached: a page of threads costs one statement.
 */
@ObjectType()
export class Thread {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => ThreadStatus)
  status!: ThreadStatus;

  @Field(() => Priority)
  priority!: Priority;

  @Field(() => Date, { nullable: true, description: 'When the oldest inbound message that no agent has replied to arrived; null when nobody waits.' })
  waitingSince!: Date | null;

  @Field(() => Date, { nullable: true, description: "The earliest moment an unanswered message is due: each message's arrival plus its channel's target at arrival; null when nobody waits." })
  responseDueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the first REPLY that was not FAILED was sent.' })
  firstResponseAt!: Date | null;

  /** Resolved by ThreadResolver.firstResponder. */
  firstResponderId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Int, { description: 'Grows by one with every change; lets a client drop stale updates.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'The first words of the last message the customer or an agent wrote (not a note, not a system line such as a hand-off).' })
  preview!: string | null;

  customerId!: string;
  queueId!: string;
  channelId!: string;
  ownerId!: string | null;
  waitChannelId!: string | null;
  collaboratorIds!: string[];
  lastActivityAt!: Date;
  /** What the viewer it was read for may see of it (visibility.ts). */
  access!: ThreadAccess;

  customer!: Customer;
  queue!: Queue;
  channel!: Channel;
  waitChannel!: Channel | null;
  owner!: Agent | null;
  collaborators!: Agent[];
  lastMessage!: Message | null;
}

@ObjectType()
export class ThreadEdge {
  @Field()
  cursor!: string;

  @Field(() => Thread)
  node!: Thread;
}

@ObjectType()
export class ThreadConnection {
  @Field(() => [ThreadEdge])
  edges!: ThreadEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({ description: "A thread's routing state at one moment; events carry it from before and after the change." })
export class ThreadState {
  @Field(() => ThreadStatus)
  status!: ThreadStatus;

  @Field(() => ID)
  queueId!: string;

  @Field(() => ID, { nullable: true })
  ownerId!: string | null;

  @Field(() => [ID])
  collaboratorIds!: string[];

  @Field(() => Priority)
  priority!: Priority;

  @Field(() => Date, { nullable: true })
  waitingSince!: Date | null;

  @Field(() => Date, { nullable: true })
  responseDueAt!: Date | null;
}

@ObjectType()
export class ThreadPayload {
  @Field(() => Thread)
  thread!: Thread;

  @Field({ description: 'The event cursor of this change (a no-op returns the cursor of the latest event of the thread).' })
  cursor!: string;
}
