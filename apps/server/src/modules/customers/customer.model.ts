import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../pagination.js';
import { ChannelKind } from '../channels/channel.entity.js';

@ObjectType()
export class CustomerIdentity {
  @Field(() => ChannelKind)
  channelKind!: ChannelKind;

  @Field({ description: "Normalized: phone numbers in E.164, e-mail addresses lower-cased, social accounts by the platform's handle or id." })
  address!: string;
}

@ObjectType()
export class Customer {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The name the customer gave, or the first address they wrote from.' })
  name!: string;

  @Field(() => [CustomerIdentity])
  identities!: CustomerIdentity[];
}

@ObjectType()
export class CustomerEdge {
  @Field()
  cursor!: string;

  @Field(() => Customer)
  node!: Customer;
}

@ObjectType()
export class CustomerConnection {
  @Field(() => [CustomerEdge])
  edges!: CustomerEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
