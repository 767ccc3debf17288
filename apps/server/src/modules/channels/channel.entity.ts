import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export enum ChannelKind {
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  CHAT = 'CHAT',
  TWITTER = 'TWITTER',
  FACEBOOK = 'FACEBOOK',
  VOICE = 'VOICE',
  FORUM = 'FORUM',
}
registerEnumType(ChannelKind, { name: 'ChannelKind' });

@ObjectType()
@Entity('channel')
export class Channel {
  @Field(() => ID)
  @PrimaryColumn('text')
  id!: string;

  @Field(() => ChannelKind)
  @Column({ type: 'enum', enum: ChannelKind, enumName: 'channel_kind' })
  kind!: ChannelKind;

  @Field()
  @Column('text')
  name!: string;

  @Field(() => Int, {
    description: 'How soon a customer on this channel expects an answer. Applies to messages that arrive after it is set.',
  })
  @Column('integer', { name: 'response_target_seconds' })
  responseTargetSeconds!: number;

  /** `queue` is resolved by ChannelResolver from this id. */
  @Column('text', { name: 'queue_id' })
  queueId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
