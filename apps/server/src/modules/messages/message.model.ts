import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ChannelKind } from '../channels/channel.entity.js';

export enum MessageKind {
  INBOUND = 'INBOUND',
  REPLY = 'REPLY',
  NOTE = 'NOTE',
  SYSTEM = 'SYSTEM',
}
registerEnumType(MessageKind, {
  name: 'MessageKind',
  description: 'INBOUND: the customer wrote. REPLY: an agent answered the customer. NOTE: internal, never sent. SYSTEM: written by the server (hand-off notes, re-queues).',
});

export enum DeliveryStatus {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus', description: 'Where an outbound REPLY stands with the channel gateway that delivers it.' });

/** A message row as stored (`channel` and `author` are resolved from their ids). */
@ObjectType()
export class Message {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  threadId!: string;

  @Field(() => MessageKind)
  kind!: MessageKind;

  @Field()
  body!: string;

  channelId!: string;
  channelKind!: ChannelKind;
  authorId!: string | null;

  @Field(() => String, { nullable: true, description: "For a REPLY: the customer's address it goes to." })
  to!: string | null;

  @Field(() => DeliveryStatus, { nullable: true, description: 'For a REPLY: how far delivery got; null for other kinds.' })
  deliveryStatus!: DeliveryStatus | null;

  @Field(() => String, { nullable: true, description: "The channel's own id for this message (INBOUND: as received; REPLY: as reported by the gateway)." })
  externalId!: string | null;

  @Field({ description: 'INBOUND: when the channel received it (InboundMessageInput.receivedAt, else when it was ingested). Other kinds: when it was written. Consoles show this time.' })
  receivedAt!: Date;

  seq!: string;

  @Field()
  createdAt!: Date;
}

export interface MessageRow {
  id: string;
  thread_id: string;
  kind: MessageKind;
  body: string;
  channel_id: string;
  channel_kind: ChannelKind;
  author_id: string | null;
  to_address: string | null;
  delivery_status: DeliveryStatus | null;
  external_id: string | null;
  received_at: string | Date | null;
  seq: string | number;
  created_at: string | Date;
}

/** From a row (or its JSON form, where timestamps are strings). */
export function messageFromRow(row: MessageRow): Message {
  return Object.assign(new Message(), {
    id: row.id,
    threadId: row.thread_id,
    kind: row.kind,
    body: row.body,
    channelId: row.channel_id,
    channelKind: row.channel_kind,
    authorId: row.author_id,
    to: row.to_address,
    deliveryStatus: row.delivery_status,
    externalId: row.external_id,
    receivedAt: new Date(row.received_at ?? row.created_at),
    seq: String(row.seq),
    createdAt: new Date(row.created_at),
  });
}
