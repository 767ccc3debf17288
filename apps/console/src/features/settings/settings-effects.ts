// What a consequential change does, said before it happens: the dialogs show these words above
// the button that makes the change.

interface AgentLoad {
  name: string;
  ownedThreadCount: number;
  queues: ReadonlyArray<{ name: string }>;
}

function threads(count: number): string {
  return `${count} open ${count === 1 ? 'thread' : 'threads'}`;
}

/** "Dana and Ben", "Ada, Dana and Ben". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Deactivating signs the agent out and returns every thread they own to its queue. */
export function deactivateEffect(agent: AgentLoad): string {
  const only = agent.queues.length === 1 ? agent.queues[0]!.name : null;
  const held =
    agent.ownedThreadCount === 0
      ? `${agent.name} holds no open threads.`
      : `${agent.name} holds ${threads(agent.ownedThreadCount)}; they return ${only ? `to ${only}` : 'to their queues'}, unowned, for others to claim.`;
  return `${held} ${agent.name} is signed out at once and cannot sign in until reactivated.`;
}

/**
 * Replacing a queue's members: who leaves, who joins. A leaver keeps no thread of that queue (the
 * server returns them to it); the counts are of all their open threads, as the server gives them.
 */
export function membersEffect(queueName: string, removed: readonly AgentLoad[], added: readonly AgentLoad[]): string {
  const parts: string[] = [];
  if (added.length > 0) {
    parts.push(`${joinNames(added.map((a) => a.name))} ${added.length === 1 ? 'joins' : 'join'} ${queueName} and can claim its threads.`);
  }
  if (removed.length > 0) {
    const holders = removed.filter((a) => a.ownedThreadCount > 0);
    parts.push(`${joinNames(removed.map((a) => a.name))} ${removed.length === 1 ? 'leaves' : 'leave'} ${queueName}.`);
    if (holders.length === 0) {
      parts.push(removed.length === 1 ? 'They hold no open threads.' : 'None of them holds an open thread.');
    } else {
      const counts = joinNames(holders.map((a) => `${a.name} holds ${threads(a.ownedThreadCount)}`));
      parts.push(`${counts}: those of ${queueName} return to ${queueName}, unowned, for others to claim.`);
    }
  }
  return parts.length === 0 ? 'No change yet: tick or untick agents.' : parts.join(' ');
}

/** A new password signs the agent out everywhere. */
export function passwordResetEffect(name: string): string {
  return `${name} is signed out on every device and signs in with this password from now on. Give it to them yourself: Switchboard sends no e-mail.`;
}
