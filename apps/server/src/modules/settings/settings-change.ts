import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SystemEventType, type LoggedSystemEvent } from '../../events/event-types.js';
import { AgentRole } from '../agents/agent.entity.js';
import { effectiveRole, type Actor } from '../auth/actor.js';

/** Which part of the set-up changed: a console reloads that part. */
export enum SettingsArea {
  QUEUES = 'QUEUES',
  AGENTS = 'AGENTS',
  CHANNELS = 'CHANNELS',
  API_KEYS = 'API_KEYS',
  WEBHOOKS = 'WEBHOOKS',
}
registerEnumType(SettingsArea, { name: 'SettingsArea' });

@ObjectType({ description: 'One change to the set-up, by anyone: the item as it is now when `agent`, `queue` or `channel` carries it, else reload that area (and that item, when `id` is given).' })
export class SettingsChange {
  @Field(() => SettingsArea)
  area!: SettingsArea;

  @Field(() => ID, { nullable: true, description: 'The queue, agent, channel, key or webhook that changed.' })
  id!: string | null;
}

/**
 * The set-up change a system event is, if any: the one mapping from the log to settingsChanged.
 * A member change touches both sides (a queue's members, each agent's queues).
 */
export function settingsChangesOf(event: LoggedSystemEvent): Array<{ area: SettingsArea; id: string | null }> {
  switch (event.type) {
    case SystemEventType.QUEUE_CREATED:
    case SystemEventType.QUEUE_RENAMED:
      return [{ area: SettingsArea.QUEUES, id: event.data.queueId }];
    case SystemEventType.QUEUE_MEMBERS_CHANGED:
      // Each agent added or removed, by id: their own console reads their queues again.
      return [{ area: SettingsArea.QUEUES, id: event.data.queueId },
        ...[...event.data.added, ...event.data.removed].map((agentId) => ({ area: SettingsArea.AGENTS, id: agentId }))];
    case SystemEventType.CHANNEL_CREATED:
    case SystemEventType.CHANNEL_CHANGED:
      return [{ area: SettingsArea.CHANNELS, id: event.data.channelId }];
    case SystemEventType.AGENT_CREATED:
    case SystemEventType.AGENT_UPDATED:
      return [{ area: SettingsArea.AGENTS, id: event.data.agentId }];
    case SystemEventType.API_KEY_CREATED:
    case SystemEventType.API_KEY_REVOKED:
      return [{ area: SettingsArea.API_KEYS, id: event.data.keyId }];
    case SystemEventType.WEBHOOK_CHANGED:
      return [{ area: SettingsArea.WEBHOOKS, id: event.data.webhookId }];
    default:
      return [];
  }
}

/** Keys and webhooks are the admins' (their queries are ADMIN-only); the rest every console shows. */
export function mayHearOf(actor: Actor, area: SettingsArea): boolean {
  if (area === SettingsArea.API_KEYS || area === SettingsArea.WEBHOOKS) return effectiveRole(actor) === AgentRole.ADMIN;
  return true;
}
