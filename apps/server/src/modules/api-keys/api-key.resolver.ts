import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Agent, AgentRole } from '../agents/agent.entity.js';
import { actorIdOf, ApiScope } from '../auth/actor.js';
import type { Context } from '../context.js';
import { ApiKey, ApiKeyPayload } from './api-key.model.js';
import type { ApiKeyService } from './api-key.service.js';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Authorized(AgentRole.ADMIN)
  @Query(() => [ApiKey], { description: 'ADMIN. The keys not revoked, newest first; never their secrets.' })
  apiKeys(): Promise<ApiKey[]> {
    return this.keys.list();
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => ApiKeyPayload, { nullable: true, description: 'ADMIN. The key is shown once. A WRITE key acts as `agentId`, with that agent\'s rights.' })
  createApiKey(
    @Arg('name') name: string,
    @Arg('scopes', () => [ApiScope]) scopes: ApiScope[],
    @Ctx() { actor }: Context,
    @Arg('agentId', () => ID, { nullable: true }) agentId?: string,
  ): Promise<ApiKeyPayload> {
    return this.keys.create({ name, scopes, agentId }, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Boolean, { nullable: true, description: 'ADMIN. Ends the key at once, on HTTP and on its open WebSockets (closed with 4403).' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() { actor }: Context): Promise<boolean> {
    await this.keys.revoke(id, actorIdOf(actor!));
    return true;
  }

  @FieldResolver(() => Agent, { nullable: true, description: 'The agent a WRITE key acts as.' })
  async agent(@Root() key: ApiKey, @Ctx() { loaders }: Context): Promise<Agent | null> {
    return key.agentId ? ((await loaders.agent.load(key.agentId)) ?? null) : null;
  }
}
