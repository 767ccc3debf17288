import { ErrorCode, type HandOffTargetsQuery, type Presence, type ThreadDetailFragment } from '@switchboard/schema';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '../../ui/Button';
import { actionError, type ActionError } from './thread-errors';
import { useHandOffTargets } from './useHandOffTargets';
import { useHandOffThread } from './useHandOffThread';

type Agent = HandOffTargetsQuery['agents'][number];
type Target = { type: 'agent'; id: string } | { type: 'queue'; id: string };

const PRESENCE_LABELS: Partial<Record<Presence, string>> = { ONLINE: 'Online', AWAY: 'Away', OFFLINE: 'Offline' };

/** Agents who may take the thread: active members of its queue other than its owner, those with room first. */
export function handOffCandidates(agents: readonly Agent[], queueId: string, ownerId: string | null): Agent[] {
  const available = (agent: Agent) => agent.presence !== 'OFFLINE' && agent.ownedThreadCount < agent.capacity;
  return agents
    .filter((agent) => agent.active && agent.id !== ownerId && agent.queues.some((queue) => queue.id === queueId))
    .sort(
      (a, b) =>
        Number(available(b)) - Number(available(a)) ||
        a.ownedThreadCount / Math.max(a.capacity, 1) - b.ownedThreadCount / Math.max(b.capacity, 1) ||
        a.name.localeCompare(b.name),
    );
}

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
    (element) => !element.hasAttribute('disabled'),
  );
}

export function HandOffDialog({ thread, onClose }: { thread: ThreadDetailFragment; onClose(): void }) {
  const { data, loading, error: loadError } = useHandOffTargets();
  const [handOff, { loading: sending }] = useHandOffThread();
  const [target, setTarget] = useState<Target | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ActionError | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const noteId = useId();

  useEffect(() => {
    const restore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Esc belongs to the dialog while it is open, not to the thread behind it.
      event.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      restore?.focus();
    };
  }, [onClose]);

  // Keep Tab inside the dialog.
  function trapTab(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = focusables(dialog.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const agents = data ? handOffCandidates(data.agents, thread.queue.id, thread.owner?.id ?? null) : [];
  const queues = data?.queues ?? [];
  const chosenAgent = target?.type === 'agent' ? agents.find((agent) => agent.id === target.id) : undefined;

  async function submit() {
    if (!target) return;
    setError(null);
    try {
      await handOff({
        variables: {
          threadId: thread.id,
          toAgentId: target.type === 'agent' ? target.id : null,
          toQueueId: target.type === 'queue' ? target.id : null,
          note: note.trim() === '' ? null : note.trim(),
        },
      });
      onClose();
    } catch (caught) {
      const failure = actionError(caught);
      const name = chosenAgent?.name;
      if (name && failure.code === ErrorCode.AGENT_UNAVAILABLE) failure.message = `${name} is offline or inactive. Pick someone who is online, or a queue.`;
      if (name && failure.code === ErrorCode.AGENT_AT_CAPACITY) failure.message = `${name} is at capacity. Pick someone with room, or a queue.`;
      setError(failure);
    }
  }

  return (
    <div className="handoff__backdrop" onClick={onClose}>
      <div
        ref={dialog}
        className="handoff"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={trapTab}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <header className="handoff__header">
            <h2 id={titleId} className="handoff__title">
              Hand off thread
            </h2>
            <p className="handoff__subtitle">
              {thread.customer.name}
              {thread.subject ? ` · ${thread.subject}` : ''}
            </p>
          </header>

          <div className="handoff__body">
            {loading && !data ? <p className="handoff__loading">Loading agents…</p> : null}
            {loadError ? (
              <p className="notice notice--error" role="alert">
                Could not load agents and queues.
              </p>
            ) : null}
            {data ? (
              <>
                <fieldset className="handoff__group">
                  <legend>Agents in {thread.queue.name}</legend>
                  {agents.length === 0 ? <p className="handoff__none">No other agents in this queue.</p> : null}
                  {agents.map((agent) => {
                    const presence = PRESENCE_LABELS[agent.presence] ?? agent.presence;
                    const full = agent.ownedThreadCount >= agent.capacity;
                    return (
                      <label key={agent.id} className={`handoff__option ${agent.presence === 'OFFLINE' || full ? 'handoff__option--muted' : ''}`}>
                        <input
                          type="radio"
                          name="handoff-target"
                          aria-label={`${agent.name}, ${presence}, ${agent.ownedThreadCount} of ${agent.capacity} threads`}
                          checked={target?.type === 'agent' && target.id === agent.id}
                          onChange={() => setTarget({ type: 'agent', id: agent.id })}
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
                        onChange={() => setTarget({ type: 'queue', id: queue.id })}
                      />
                      <span className="handoff__name">{queue.name}</span>
                      {queue.id === thread.queue.id ? <span className="handoff__current">current</span> : null}
                    </label>
                  ))}
                </fieldset>
              </>
            ) : null}

            <div className="field">
              <label className="field__label" htmlFor={noteId}>
                Note
              </label>
              <textarea
                id={noteId}
                className="field__input handoff__note"
                rows={3}
                placeholder="What should they know? (added to the conversation)"
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
            </div>

            {error ? (
              <p className="notice notice--error" role="alert">
                {error.message}
              </p>
            ) : null}
          </div>

          <footer className="handoff__footer">
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={!target || sending}>
              Hand off
            </Button>
          </footer>
        </form>
      </div>
    </div>
  );
}
