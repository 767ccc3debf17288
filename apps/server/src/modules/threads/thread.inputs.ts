import { Field, ID, InputType } from 'type-graphql';
import { ChannelKind } from '../channels/channel.entity.js';
import { ThreadStatus } from './thread.enums.js';

@InputType()
export class ThreadFilter {
  @Field(() => [ThreadStatus], { nullable: true })
  status?: ThreadStatus[];

  @Field(() => [ID], { nullable: true })
  queueIds?: string[];

  @Field(() => [ChannelKind], { nullable: true })
  channelKinds?: ChannelKind[];

  @Field(() => ID, { nullable: true })
  ownerId?: string;

  @Field(() => ID, { nullable: true })
  customerId?: string;

  @Field(() => [ID], { nullable: true })
  threadIds?: string[];

  @Field({ nullable: true, description: 'Only threads no agent holds.' })
  unassigned?: boolean;

  @Field({ nullable: true, description: 'Only threads whose customer waits for an answer.' })
  waiting?: boolean;

  @Field({ nullable: true, description: "Words in the customer's name or addresses, the subject or the messages." })
  search?: string;
}
