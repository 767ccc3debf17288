import { Field, ObjectType } from 'type-graphql';
import { Thread } from '../threads/thread.model.js';
import { Message } from './message.model.js';

/** What reply, addNote and setMessageDelivery answer with. */
@ObjectType()
export class MessagePayload {
  @Field(() => Message)
  message!: Message;

  @Field(() => Thread)
  thread!: Thread;

  @Field()
  cursor!: string;
}
