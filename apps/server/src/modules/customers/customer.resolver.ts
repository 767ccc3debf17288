import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { actorIdOf } from '../auth/actor.js';
import { notFound } from '../../errors.js';
import { pageSize } from '../pagination.js';
import { viewerOf } from '../threads/visibility.js';
import { ChannelKind } from '../channels/channel.entity.js';
import { ThreadConnection } from '../threads/thread.model.js';
import { Customer, CustomerConnection } from './customer.model.js';
import type { CustomerService } from './customer.service.js';

@Resolver(() => Customer)
export class CustomerResolver {
  constructor(private readonly service: CustomerService) {}

  @Authorized()
  @Query(() => Customer, { nullable: true })
  async customer(@Arg('id', () => ID) id: string, @Ctx() { actor }: Context): Promise<Customer | undefined> {
    return (await this.service.byIds(viewerOf(actor!), [id])).get(id);
  }

  @Authorized()
  @Query(() => CustomerConnection)
  customers(
    @Ctx() { actor }: Context,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<CustomerConnection> {
    return this.service.list(viewerOf(actor!), search, pageSize(first ?? 50), after);
  }

  @Authorized()
  @Mutation(() => Customer, { nullable: true, description: 'Record another way to reach the customer (e.g. their phone number, given in a tweet).' })
  async addCustomerIdentity(
    @Arg('customerId', () => ID) customerId: string,
    @Arg('channelKind', () => ChannelKind) channelKind: ChannelKind,
    @Arg('address') address: string,
    @Ctx() { actor }: Context,
  ): Promise<Customer> {
    const viewer = viewerOf(actor!);
    await this.service.addIdentity(viewer, actorIdOf(actor!), customerId, channelKind, address);
    const customer = (await this.service.byIds(viewer, [customerId])).get(customerId);
    if (!customer) throw notFound('Customer', customerId);
    return customer;
  }

  @Authorized()
  @Mutation(() => Customer, { nullable: true, description: 'Fold one customer into another; their threads and identities move over.' })
  async mergeCustomers(
    @Arg('intoId', () => ID) intoId: string,
    @Arg('fromId', () => ID) fromId: string,
    @Ctx() { actor }: Context,
  ): Promise<Customer> {
    const viewer = viewerOf(actor!);
    await this.service.merge(viewer, actorIdOf(actor!), intoId, fromId);
    const customer = (await this.service.byIds(viewer, [intoId])).get(intoId);
    if (!customer) throw notFound('Customer', intoId);
    return customer;
  }

  @FieldResolver(() => ThreadConnection, { description: 'Newest first.' })
  threads(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ThreadConnection> {
    return loaders.threadsOfCustomer.load({ id: customer.id, first: pageSize(first ?? 20), after: after ?? null });
  }
}
