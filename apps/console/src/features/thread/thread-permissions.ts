import type { AgentRole, ThreadStatus } from '@switchboard/schema';
import { isSupervisor } from '../auth/roles';

/** The actions of the thread header's buttons. */
export type HeaderAction = 'claim' | 'release' | 'handOff' | 'pending' | 'resolve' | 'reopen' | 'join' | 'leave';

/** The parts of a thread and of me that decide what I may do (DESIGN.md "Who may do what"). */
export interface PermissionThread {
  status: ThreadStatus;
  owner: { id: string } | null;
  collaborators: ReadonlyArray<{ id: string }>;
}

export interface PermissionMe {
  id: string;
  role: AgentRole;
}

export type Relation = 'owner' | 'collaborator' | 'other';

export interface ThreadActions {
  relation: Relation;
  supervisor: boolean;
  claim: boolean;
  release: boolean;
  handOff: boolean;
  /** Status and priority: owner, collaborators and supervisors (docs/api.md). */
  setStatus: boolean;
  pending: boolean;
  resolve: boolean;
  reopen: boolean;
  join: boolean;
  leave: boolean;
  /** Whether the server will accept a reply; the composer still lets others try and explains. */
  reply: boolean;
}

export function relationTo(thread: PermissionThread, meId: string): Relation {
  if (thread.owner?.id === meId) return 'owner';
  if (thread.collaborators.some((c) => c.id === meId)) return 'collaborator';
  return 'other';
}

/** Which actions to offer. The server remains the judge; this only hides what would be refused. */
export function threadActions(thread: PermissionThread, me: PermissionMe): ThreadActions {
  const relation = relationTo(thread, me.id);
  const supervisor = isSupervisor(me.role);
  const resolved = thread.status === 'RESOLVED';
  const ownerOrSupervisor = relation === 'owner' || supervisor;
  const setStatus = relation !== 'other' || supervisor;
  return {
    relation,
    supervisor,
    claim: thread.owner === null && !resolved,
    release: thread.owner !== null && ownerOrSupervisor && !resolved,
    handOff: ownerOrSupervisor && !resolved && (thread.owner !== null || supervisor),
    setStatus,
    pending: setStatus && thread.status === 'OPEN',
    resolve: setStatus && !resolved,
    reopen: setStatus && thread.status !== 'OPEN',
    join: relation === 'other' && !resolved,
    leave: relation === 'collaborator',
    reply: relation !== 'other' || supervisor,
  };
}
