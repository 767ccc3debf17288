import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ChannelKind } from '../channels/channel.entity.js';
import { Thread } from '../threads/thread.model.js';
import { Message } from './message.model.js';

@InputType()
export class InboundMessageInput {
  @Field(() => ChannelKind)
  channelKind!: ChannelKind;

  @Field(() => ID, { nullable: true, description: 'A specific channel of that kind, where a center runs several (numbers, inboxes); defaults to the first.' })
  channelId?: string;

  @Field({ description: "The customer's address on that channel (phone number, e-mail, handle)." })
  from!: string;

  @Field({ nullable: true })
  fromName?: string;

  @Field()
  body!: string;

  @Field({ description: "The channel's own id for this message; a second delivery with the same id changes nothing." })
  externalId!: string;

  @Field({ nullable: true })
  subject?: string;

  @Field(() => Date, { nullable: true, description: 'When the channel received it; defaults to now.' })
  receivedAt?: Date;
}

@ObjectType()
export class ReceiveMessagePayload {
  @Field(() => Message)
  message!: Message;

  @Field(() => Thread)
  thread!: Thread;

  @Field({ description: 'True when this (channelKind, externalId) was already received: nothing changed.' })
  duplicate!: boolean;
}
