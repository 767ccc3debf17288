import { Field, ID, InputType, Int } from 'type-graphql';
import { ChannelKind } from './channel.entity.js';

@InputType()
export class CreateChannelInput {
  @Field(() => ChannelKind)
  kind!: ChannelKind;

  @Field({ description: 'Unique, ignoring case: it tells channels of one kind apart.' })
  name!: string;

  @Field(() => Int, { description: 'From 1 s to 30 days.' })
  responseTargetSeconds!: number;

  @Field(() => ID, { description: 'Where its new threads go.' })
  queueId!: string;
}
