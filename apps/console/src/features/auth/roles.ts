import type { AgentRole } from '@switchboard/schema';

/**
 * Supervisors and admins see every thread, act on any, and read the board. Roles this console
 * does not know yet get AGENT rights: the server decides anyway.
 */
export function isSupervisor(role: AgentRole): boolean {
  return role === 'SUPERVISOR' || role === 'ADMIN';
}
