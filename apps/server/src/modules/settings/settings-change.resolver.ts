import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Agent } from '../agents/agent.entity.js';
import { Channel } from '../channels/channel.entity.js';
import type { Context } from '../context.js';
import { Queue } from '../queues/queue.entity.js';
import { SettingsArea, SettingsChange } from './settings-change.js';

/**
 * What changed, as it is now, carried by the change itself: a console's cache takes it from the
 * payload instead of every console asking for the whole list again (a thousand consoles, one
 * rename: no thousand reads). Loaded once per rendering, not per subscriber.
 */
@Resolver(() => SettingsChange)
export class SettingsChangeResolver {
  @FieldResolver(() => Agent, { nullable: true, description: 'The agent that changed, as it is now (area AGENTS, when `id` names one).' })
  async agent(@Root() change: SettingsChange, @Ctx() { loaders }: Context): Promise<Agent | null> {
    return change.area === SettingsArea.AGENTS && change.id ? ((await loaders.agent.load(change.id)) ?? null) : null;
  }

  @FieldResolver(() => Queue, { nullable: true, description: 'The queue that changed, as it is now (area QUEUES, when `id` names one).' })
  async queue(@Root() change: SettingsChange, @Ctx() { loaders }: Context): Promise<Queue | null> {
    return change.area === SettingsArea.QUEUES && change.id ? ((await loaders.queue.load(change.id)) ?? null) : null;
  }

  @FieldResolver(() => Channel, { nullable: true, description: 'The channel that changed, as it is now (area CHANNELS, when `id` names one).' })
  async channel(@Root() change: SettingsChange, @Ctx() { loaders }: Context): Promise<Channel | null> {
    return change.area === SettingsArea.CHANNELS && change.id ? ((await loaders.channel.load(change.id)) ?? null) : null;
  }
}
