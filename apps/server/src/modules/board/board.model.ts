import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Agent } from '../agents/agent.entity.js';
import { Channel } from '../channels/channel.entity.js';
import { Queue } from '../queues/queue.entity.js';

/**
 * The supervisor's board as the board service computes it, once per push for every subscriber
 * (board.service.ts). Waits in seconds are as of `asOf`; clients tick them from the
 * `…WaitingSince` fields between pushes.
 */
@ObjectType({ description: 'Waiting customers of one channel: the channel of the message that set their due time.' })
export class ChannelBoardRow {
  @Field(() => Channel)
  channel!: Channel;

  @Field(() => Int, { description: 'Open threads on this channel whose customer waits for an answer.' })
  waitingCount!: number;

  @Field(() => Int, { description: 'Of those, the ones no agent holds.' })
  unassignedCount!: number;

  @Field(() => Date, { nullable: true })
  oldestWaitingSince!: Date | null;

  @Field(() => Int, { nullable: true })
  longestWaitSeconds!: number | null;

  @Field(() => Int, { nullable: true })
  medianWaitSeconds!: number | null;

  @Field(() => Int, { nullable: true })
  p90WaitSeconds!: number | null;

  @Field(() => Int, { description: 'Waiting threads past their due time.' })
  breachedCount!: number;

  @Field(() => Date, { nullable: true, description: 'The waitingSince of the median and the 90th-percentile wait, so a client can tick them locally between pushes.' })
  medianWaitingSince!: Date | null;

  @Field(() => Date, { nullable: true })
  p90WaitingSince!: Date | null;

  @Field(() => Int, { description: 'Customer waits on this channel answered in the last 60 minutes.' })
  answeredLastHour!: number;

  @Field(() => Float, { nullable: true, description: 'Of those, the share answered by their due time (0..1); null when none was answered.' })
  serviceLevelLastHour!: number | null;

  @Field(() => ID, { nullable: true, description: 'The thread whose customer has waited longest, to open from the board.' })
  longestWaitingThreadId!: string | null;
}

@ObjectType()
export class QueueBoardRow {
  @Field(() => Queue)
  queue!: Queue;

  @Field(() => Int)
  waitingCount!: number;

  @Field(() => Int)
  unassignedCount!: number;

  @Field(() => Date, { nullable: true })
  oldestWaitingSince!: Date | null;

  @Field(() => Int, { nullable: true })
  longestWaitSeconds!: number | null;

  @Field(() => Int)
  breachedCount!: number;

  @Field(() => Int, { description: 'Members of the queue whose presence is ONLINE.' })
  onlineAgentCount!: number;

  @Field(() => ID, { nullable: true, description: 'The thread whose customer has waited longest, to open from the board.' })
  longestWaitingThreadId!: string | null;
}

@ObjectType({ description: 'A thread as the board lists it under its owner: enough to name it, flag it and open it (thread(id) has the rest).' })
export class BoardThread {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field()
  customerName!: string;

  @Field(() => Date, { nullable: true })
  waitingSince!: Date | null;

  @Field(() => Date, { nullable: true })
  responseDueAt!: Date | null;

  @Field({ description: 'Past its due time as of the board\'s asOf.' })
  breached!: boolean;
}

@ObjectType()
export class AgentLoad {
  @Field(() => Agent)
  agent!: Agent;

  @Field(() => Int)
  ownedThreadCount!: number;

  /** Resolved by AgentLoadResolver (`threads`): the first MAX_LISTED_THREADS OPEN threads the agent owns, longest-waiting first. */
  heldThreads!: BoardThread[];
}

@ObjectType()
export class Board {
  @Field(() => Date)
  asOf!: Date;

  @Field(() => [ChannelBoardRow])
  channels!: ChannelBoardRow[];

  @Field(() => [QueueBoardRow])
  queues!: QueueBoardRow[];

  @Field(() => [AgentLoad], { description: 'Every active agent, whatever their presence, by name.' })
  agents!: AgentLoad[];
}
