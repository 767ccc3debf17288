import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { DEFAULT_AGENTS_PAGE, MAX_AGENTS_PAGE, pageSize } from '../pagination.js';
import { actorIdOf, ApiScope, hasScope, requireAgent } from '../auth/actor.js';
import { Queue } from '../queues/queue.entity.js';
import { Agent, AgentRole, Presence } from './agent.entity.js';
import { CreateAgentInput, UpdateAgentInput } from './agent.inputs.js';
import type { AgentService } from './agent.service.js';
import { effectivePresence } from './presence.js';

@Resolver(() => Agent)
export class AgentResolver {
  constructor(private readonly service: AgentService) {}

  @Authorized()
  @Query(() => [Agent], { description: 'By name; `after` is the id of the last agent of the previous page.' })
  agents(
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_AGENTS_PAGE }) first?: number,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<Agent[]> {
    return this.service.list({ first: pageSize(first ?? DEFAULT_AGENTS_PAGE, MAX_AGENTS_PAGE), after: after ?? null });
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Agent, { nullable: true })
  createAgent(@Arg('input') input: CreateAgentInput, @Ctx() { actor }: Context): Promise<Agent> {
    return this.service.create(input, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Agent, { nullable: true })
  updateAgent(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAgentInput,
    @Ctx() { actor }: Context,
  ): Promise<Agent> {
    return this.service.update(id, input, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Agent, { nullable: true, description: 'ADMIN. A new password for an agent who lost theirs; it signs them out everywhere.' })
  resetAgentPassword(
    @Arg('id', () => ID) id: string,
    @Arg('password') password: string,
    @Ctx() { actor }: Context,
  ): Promise<Agent> {
    return this.service.resetPassword(id, password, actorIdOf(actor!));
  }

  @Authorized()
  @Mutation(() => Agent, { nullable: true })
  setPresence(@Arg('presence', () => Presence) presence: Presence, @Ctx() { actor }: Context): Promise<Agent> {
    return this.service.setPresence(requireAgent(actor!).agentId, presence);
  }

  @Authorized(AgentRole.SUPERVISOR)
  @Mutation(() => Agent, { nullable: true, description: 'SUPERVISOR: mark an agent who walked away AWAY or OFFLINE. Their console shows who did; they may choose again.' })
  setAgentPresence(
    @Arg('agentId', () => ID) agentId: string,
    @Arg('presence', () => Presence) presence: Presence,
    @Ctx() { actor }: Context,
  ): Promise<Agent> {
    return this.service.setPresenceFor(agentId, presence, requireAgent(actor!).agentId);
  }

  @FieldResolver(() => Agent, {
    nullable: true,
    description: 'Who set the presence shown (a supervisor) when it was not the agent; null when the agent chose it, or when no console of theirs is connected (OFFLINE then says only that).',
  })
  async presenceSetBy(@Root() agent: Agent, @Ctx() { loaders }: Context): Promise<Agent | null> {
    // A supervisor's AWAY shows only while the agent is there; offline for want of a console, it is not what anyone sees.
    if (!agent.presenceSetById || effectivePresence(agent) !== agent.chosenPresence) return null;
    return (await loaders.agent.load(agent.presenceSetById)) ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Hidden from API keys without the ADMIN scope (null there).' })
  email(@Root() agent: Agent, @Ctx() { actor }: Context): string | null {
    return actor?.kind === 'key' && !hasScope(actor, ApiScope.ADMIN) ? null : agent.email;
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
