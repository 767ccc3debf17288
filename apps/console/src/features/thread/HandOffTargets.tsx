import type { ThreadDetailFragment } from '@switchboard/schema';
import { presenceLabel } from '../../ui/labels';
import type { HandOffAgent } from './handoff-candidates';
import type { HandOffTarget } from './useHandOff';


interface HandOffTargetsProps {
  thread: ThreadDetailFragment;
  agents: readonly HandOffAgent[];
  queues: ReadonlyArray<{ id: string; name: string }>;
  target: HandOffTarget | null;
  onTarget(target: HandOffTarget): void;
}

/** The radio list: agents of the thread's queue (presence and load shown), then every queue. */
export function HandOffTargets({ thread, agents, queues, target, onTarget }: HandOffTargetsProps) {
  return (
    <>
      <fieldset className="handoff__group">
        <legend>Agents in {thread.queue.name}</legend>
        {agents.length === 0 ? <p className="handoff__none">No other agents in this queue.</p> : null}
        {agents.map((agent) => {
          const presence = presenceLabel(agent.presence);
          const full = agent.ownedThreadCount >= agent.capacity;
          return (
            <label key={agent.id} className={`handoff__option ${agent.presence === 'OFFLINE' || full ? 'handoff__option--muted' : ''}`}>
              <input
                type="radio"
                name="handoff-target"
                aria-label={`${agent.name}, ${presence}, ${agent.ownedThreadCount} of ${agent.capacity} threads`}
                checked={target?.type === 'agent' && target.id === agent.id}
                onChange={() => onTarget({ type: 'agent', id: agent.id })}
              />
              <span className="handoff__name">{agent.name}</span>
              <span className={`presence presence--${agent.presence.toLowerCase()}`}>
                <span className="presence__dot" aria-hidden="true" />
                {presence}
              </span>
              <span className={`handoff__load ${full ? 'handoff__load--full' : ''}`} title="Open threads / capacity">
                {agent.ownedThreadCount} / {agent.capacity}
              </span>
            </label>
          );
        })}
      </fieldset>
      <fieldset className="handoff__group">
        <legend>Or a queue</legend>
        {queues.map((queue) => (
          <label key={queue.id} className="handoff__option">
            <input
              type="radio"
              name="handoff-target"
              aria-label={`Queue ${queue.name}${queue.id === thread.queue.id ? ' (current)' : ''}`}
              checked={target?.type === 'queue' && target.id === queue.id}
              onChange={() => onTarget({ type: 'queue', id: queue.id })}
            />
            <span className="handoff__name">{queue.name}</span>
            {queue.id === thread.queue.id ? <span className="handoff__current">current</span> : null}
          </label>
        ))}
      </fieldset>
    </>
  );
}
