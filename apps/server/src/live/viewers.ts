import type { DataSource } from 'typeorm';
import { SystemEventType, type LoggedSystemEvent, type RoleName } from '../events/event-types.js';
import { AgentRole } from '../modules/agents/agent.entity.js';
import type { Actor } from '../modules/auth/actor.js';
import { viewerOf, type ViewerWithQueues } from '../modules/threads/visibility.js';

export interface LiveViewer extends ViewerWithQueues {
  queueIds: Set<string>;
  role: RoleName;
}

/**
 * Each agent's live view (their role and queues), shared by their subscriptions and kept current
 * by membership and role events from the log, on every replica alike.
 */
export class LiveViewers {
  private readonly viewers = new Map<string, LiveViewer>();
  /** Counts membership events seen, so a view loaded meanwhile is read again. */
  private membershipChanges = 0;

  constructor(private readonly dataSource: DataSource) {}

  async viewerFor(actor: Actor): Promise<LiveViewer> {
    const base = viewerOf(actor);
    // A key that sees every thread needs no queues, and no membership events can change that.
    if (actor.kind === 'key' && base.seesAll) return { ...base, role: 'ADMIN', queueIds: new Set() };
    const agent = actor.kind === 'agent' ? actor : actor.agent!;
    const known = this.viewers.get(agent.agentId);
    if (known) return known;
    // Membership events only update views already known: read again if one went by while we read.
    let rows: Array<{ queue_id: string }>;
    let seen: number;
    do {
      seen = this.membershipChanges;
      rows = await this.dataSource.query(`SELECT queue_id FROM agent_queue WHERE agent_id = $1`, [agent.agentId]);
    } while (seen !== this.membershipChanges);
    const viewer: LiveViewer = { ...viewerOf(agent), role: agent.role, queueIds: new Set(rows.map((row) => row.queue_id)) };
    // Another subscribe may have raced us here: keep the first.
    const raced = this.viewers.get(agent.agentId);
    if (raced) return raced;
    this.viewers.set(agent.agentId, viewer);
    return viewer;
  }

  /** Applies a system event that changes who sees what. */
  apply(event: LoggedSystemEvent): void {
    switch (event.type) {
      case SystemEventType.QUEUE_MEMBERS_CHANGED:
        this.membershipChanges++;
        for (const agentId of event.data.added) this.viewers.get(agentId)?.queueIds.add(event.data.queueId);
        for (const agentId of event.data.removed) this.viewers.get(agentId)?.queueIds.delete(event.data.queueId);
        break;
      case SystemEventType.AGENT_CREATED: {
        this.membershipChanges++;
        const viewer = this.viewers.get(event.data.agentId);
        for (const queueId of event.data.queueIds) viewer?.queueIds.add(queueId);
        break;
      }
      case SystemEventType.AGENT_UPDATED: {
        const viewer = this.viewers.get(event.data.agentId);
        const role = event.data.after.role;
        if (viewer && role) {
          viewer.role = role;
          viewer.seesAll = role !== AgentRole.AGENT;
        }
        break;
      }
      default:
        break;
    }
  }
}
