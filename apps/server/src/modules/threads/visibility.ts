import type { EntityManager } from 'typeorm';
import type { SqlParams } from '../../db/sql.js';
import { AgentRole } from '../agents/agent.entity.js';
import { ApiScope, hasRole, type Actor, type AgentIdentity } from '../auth/actor.js';

/**
 * Who may see a thread (DESIGN.md, "visibility"): agents see threads of their queues and those
 * they own or co-respond on; supervisors and admins see all. This module is the rule's only
 * home: SQL for lists and the log, JS for the live path, and what a viewer who may no longer see
 * a thread still gets of it. Every read path calls it (docs/architecture.md lists them).
 */

/** Whose threads a read may show. */
export interface Viewer {
  agentId: string;
  seesAll: boolean;
}

/** A viewer whose queues are known (the live path keeps them current from membership events). */
export interface ViewerWithQueues extends Viewer {
  queueIds: ReadonlySet<string>;
}

/**
 * An agent sees by their role and queues. A key with READ, INGEST or ADMIN sees every thread (an
 * INGEST key may only ingest and follow replies, so that is what it sees); a WRITE-only key sees
 * what its bound agent sees.
 */
export function viewerOf(actor: Actor | AgentIdentity): Viewer {
  if ('kind' in actor && actor.kind === 'key') {
    const broad = actor.scopes.some((scope) => scope !== ApiScope.WRITE);
    if (broad || !actor.agent) return { agentId: actor.agent?.agentId ?? '', seesAll: true };
    return viewerOf(actor.agent);
  }
  return { agentId: actor.agentId, seesAll: hasRole(actor, AgentRole.SUPERVISOR) };
}

/** The facts of a thread (or of an event's before/after state) that visibility depends on. */
export interface VisibilityFacts {
  queueId: string;
  ownerId: string | null;
  collaboratorIds: readonly string[];
}

/** The rule itself, over known queues. */
export function sees(viewer: ViewerWithQueues, facts: VisibilityFacts): boolean {
  return viewer.seesAll || viewer.queueIds.has(facts.queueId) || facts.ownerId === viewer.agentId ||
    facts.collaboratorIds.includes(viewer.agentId);
}

/** The same rule in SQL, over expressions that yield a row's facts. */
function seesSql(viewer: Viewer, params: SqlParams, facts: { queueId: string; ownerId: string; collaborates: (me: string) => string }): string {
  if (viewer.seesAll) return 'TRUE';
  const me = params.add(viewer.agentId);
  return `(${facts.queueId} IN (SELECT queue_id FROM agent_queue WHERE agent_id = ${me})
    OR ${facts.ownerId} = ${me} OR ${facts.collaborates(me)})`;
}

/** SQL: may the viewer see thread row `alias` as it is now? */
export function threadVisibleSql(viewer: Viewer, params: SqlParams, alias = 't'): string {
  return seesSql(viewer, params, {
    queueId: `${alias}.queue_id`,
    ownerId: `${alias}.owner_id`,
    collaborates: (me) => `EXISTS (SELECT 1 FROM thread_participant vp WHERE vp.thread_id = ${alias}.id AND vp.agent_id = ${me})`,
  });
}

/**
 * SQL: may the viewer see event row `alias`? Decided from the event's own state: when they could
 * see the thread before OR after the change (that is how a console learns a thread left it).
 */
export function eventVisibleSql(viewer: Viewer & { queueIds?: ReadonlySet<string> }, params: SqlParams, alias = 'e'): string {
  if (viewer.seesAll) return 'TRUE';
  // The same rule, written so that every branch can use an index of the log (migration
  // 1763830000030): a quiet agent's page of events is a few index probes, not a walk of the log.
  // Known queues go in as values, so the planner can tell how few events they name.
  const me = params.add(viewer.agentId);
  const myQueues = viewer.queueIds
    ? params.add([...viewer.queueIds], 'text[]')
    : `ARRAY(SELECT queue_id FROM agent_queue WHERE agent_id = ${me})`;
  // (A thread that stayed in its queue is found by queue_id: the before_queue_id index only holds moves.)
  return `(${alias}.queue_id = ANY(${myQueues})
    OR (${alias}.before_queue_id = ANY(${myQueues}) AND ${alias}.before_queue_id IS DISTINCT FROM ${alias}.queue_id)
    OR ${alias}.owner_id = ${me} OR ${alias}.before_owner_id = ${me}
    OR (${alias}.after -> 'collaboratorIds') ? ${me} OR (${alias}.before -> 'collaboratorIds') ? ${me})`;
}

/** The rule for a thread a write holds locked: the viewer's queues are read only when it matters. */
export async function seesLocked(manager: EntityManager, viewer: Viewer, facts: VisibilityFacts): Promise<boolean> {
  if (sees({ ...viewer, queueIds: new Set() }, facts)) return true;
  const rows: Array<{ queue_id: string }> = await manager.query(`SELECT queue_id FROM agent_queue WHERE agent_id = $1`, [viewer.agentId]);
  return sees({ ...viewer, queueIds: new Set(rows.map((row) => row.queue_id)) }, facts);
}

/**
 * How much of a thread a viewer gets. FULL: everything. REDACTED: a thread they could see when an
 * event reached them but cannot see now (a former owner after a hand-off): its routing (id,
 * status, queue, owner, version), the subject and the customer's name they saw before; no
 * messages, no last message or preview, no customer identities.
 */
export type ThreadAccess = 'FULL' | 'REDACTED';

export const accessOf = (visible: boolean): ThreadAccess => (visible ? 'FULL' : 'REDACTED');

/**
 * Fields whose value depends on the individual viewer beyond the thread an event is about: a live
 * rendering that selects one of them is not shared between agents (live/render-groups.ts).
 */
export const VIEWER_SCOPED_FIELDS: ReadonlySet<string> = new Set(['Customer.threads', 'Query.thread', 'Query.threads', 'Query.customer', 'Query.customers']);
