import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Agent } from '../agents/agent.entity.js';
import { Channel } from '../channels/channel.entity.js';
import { Queue } from '../queues/queue.entity.js';

@ObjectType({ description: 'Response figures over a period. A wait starts when a customer writes while nobody waits, and ends with the REPLY that answers it; its due time is responseDueAt as it stood then.' })
export class ResponseFigures {
  @Field(() => Int)
  answeredCount!: number;

  @Field(() => Int, { description: 'Of those, answered by their due time.' })
  answeredInTargetCount!: number;

  @Field(() => Float, { nullable: true, description: 'answeredInTargetCount / answeredCount; null when nothing was answered.' })
  serviceLevel!: number | null;

  @Field(() => Int, { nullable: true })
  medianResponseSeconds!: number | null;

  @Field(() => Int, { nullable: true })
  p90ResponseSeconds!: number | null;

  @Field(() => Int, { description: 'Waits whose due time fell in the period before they were answered (answered late or still waiting).' })
  breachedCount!: number;

  @Field(() => Int, { description: 'Threads set RESOLVED in the period.' })
  resolvedCount!: number;
}

@ObjectType()
export class ChannelReport {
  @Field(() => Channel)
  channel!: Channel;

  @Field(() => ResponseFigures)
  figures!: ResponseFigures;
}

@ObjectType()
export class QueueReport {
  @Field(() => Queue)
  queue!: Queue;

  @Field(() => ResponseFigures)
  figures!: ResponseFigures;
}

@ObjectType()
export class AgentReport {
  @Field(() => Agent)
  agent!: Agent;

  @Field(() => ResponseFigures, { description: "Waits that this agent's replies ended." })
  figures!: ResponseFigures;

  @Field(() => Int, { description: 'Threads whose first response this agent sent.' })
  firstResponseCount!: number;
}

@ObjectType()
export class Report {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => ResponseFigures)
  total!: ResponseFigures;

  @Field(() => [ChannelReport])
  channels!: ChannelReport[];

  @Field(() => [QueueReport])
  queues!: QueueReport[];

  @Field(() => [AgentReport], { description: 'Every active agent, and inactive ones with figures in the period, by name.' })
  agents!: AgentReport[];
}

@ObjectType({ description: "One channel's board, as it stood at one moment (taken every SWITCHBOARD_BOARD_SNAPSHOT_SECONDS)." })
export class BoardSnapshot {
  @Field(() => Date)
  at!: Date;

  /** Resolved by BoardSnapshotResolver.channel. */
  channelId!: string;

  @Field(() => Int)
  waitingCount!: number;

  @Field(() => Int, { nullable: true })
  longestWaitSeconds!: number | null;

  @Field(() => Int)
  breachedCount!: number;
}
