import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { AgentRole } from '../agents/agent.entity.js';
import { actorIdOf } from '../auth/actor.js';
import { ThreadEventType } from '../threads/thread.enums.js';
import { Webhook, WebhookDelivery, WebhookPayload } from './webhook.model.js';
import type { WebhookService } from './webhook.service.js';

@Resolver(() => Webhook)
export class WebhookResolver {
  constructor(private readonly service: WebhookService) {}

  @Authorized(AgentRole.ADMIN)
  @Query(() => [Webhook])
  webhooks(): Promise<Webhook[]> {
    return this.service.list();
  }

  @Authorized(AgentRole.ADMIN)
  @Query(() => [WebhookDelivery], { description: 'Newest first.' })
  webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
  ): Promise<WebhookDelivery[]> {
    return this.service.deliveries(webhookId, first ?? 50);
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => WebhookPayload, { nullable: true, description: 'ADMIN. `url` must be http(s); the secret is shown once.' })
  createWebhook(
    @Arg('url') url: string,
    @Ctx() { actor }: Context,
    @Arg('types', () => [ThreadEventType], { nullable: true }) types?: ThreadEventType[],
  ): Promise<WebhookPayload> {
    return this.service.create(url, types, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Webhook, { nullable: true })
  setWebhookActive(@Arg('id', () => ID) id: string, @Arg('active') active: boolean, @Ctx() { actor }: Context): Promise<Webhook> {
    return this.service.setActive(id, active, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Boolean, { nullable: true })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() { actor }: Context): Promise<boolean> {
    return this.service.delete(id, actorIdOf(actor!));
  }
}
