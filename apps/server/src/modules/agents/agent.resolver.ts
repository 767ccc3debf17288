import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Queue } from '../queues/queue.entity.js';
import { Agent, AgentRole, Presence } from './agent.entity.js';
import { CreateAgentInput, UpdateAgentInput } from './agent.inputs.js';
import type { AgentService } from './agent.service.js';
import { effectivePresence } from './presence.js';

@Resolver(() => Agent)
export class AgentResolver {
  constructor(private readonly service: AgentService) {}

  @Authorized()
  @Query(() => [Agent])
  agents(): Promise<Agent[]> {
    return this.service.list();
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Agent, { nullable: true })
  createAgent(@Arg('input') input: CreateAgentInput, @Ctx() { actor }: Context): Promise<Agent> {
    return this.service.create(input, actor!.agentId);
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Agent, { nullable: true })
  updateAgent(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAgentInput,
    @Ctx() { actor }: Context,
  ): Promise<Agent> {
    return this.service.update(id, input, actor!.agentId);
  }

  @Authorized()
  @Mutation(() => Agent, { nullable: true })
  setPresence(@Arg('presence', () => Presence) presence: Presence, @Ctx() { actor }: Context): Promise<Agent> {
    return this.service.setPresence(actor!.agentId, presence);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Hidden from API keys without the ADMIN scope (null there).' })
  email(@Root() agent: Agent): string {
    return agent.email;
  }

  @FieldResolver(() => Presence, {
    description: 'ONLINE or AWAY as the agent set it while a console is connected; OFFLINE when none has been for a while.',
  })
  presence(@Root() agent: Agent): Presence {
    return effectivePresence(agent);
  }

  @FieldResolver(() => Int)
  ownedThreadCount(@Root() agent: Agent, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.ownedThreadCount.load(agent.id);
  }

  @FieldResolver(() => [Queue])
  queues(@Root() agent: Agent, @Ctx() { loaders }: Context): Promise<Queue[]> {
    return loaders.queuesOfAgent.load(agent.id);
  }
}
