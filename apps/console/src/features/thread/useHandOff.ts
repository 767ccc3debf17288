import { ErrorCode, type ThreadDetailFragment } from '@switchboard/schema';
import { useCallback, useState } from 'react';
import { handOffCandidates } from './handoff-candidates';
import { actionError, notConnectedError, type ActionError } from './thread-errors';
import { useHandOffTargets } from './useHandOffTargets';
import { useHandOffThread } from './useHandOffThread';
import { useLiveGate } from './useLiveGate';

export type HandOffTarget = { type: 'agent'; id: string } | { type: 'queue'; id: string };

/** The hand-off form: who may take the thread, the chosen target and note, and sending it. */
export function useHandOff(thread: ThreadDetailFragment, onDone: () => void) {
  const { data, loading, error: loadError } = useHandOffTargets();
  const [handOff, { loading: sending }] = useHandOffThread();
  const [target, setTarget] = useState<HandOffTarget | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ActionError | null>(null);
  const canAct = useLiveGate(error, useCallback(() => setError(null), []));

  const agents = data ? handOffCandidates(data.agents, thread.queue.id, thread.owner?.id ?? null) : [];
  const queues = data?.queues ?? [];
  const chosenAgent = target?.type === 'agent' ? agents.find((agent) => agent.id === target.id) : undefined;

  async function submit() {
    if (!target) return;
    // Refused while not live; the dialog stays open with the choice and the note.
    if (!canAct) {
      setError(notConnectedError('handOff'));
      return;
    }
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
      onDone();
    } catch (caught) {
      const failure = actionError(caught);
      // Name the agent they picked: "That agent" is vague in a list of several.
      const name = chosenAgent?.name;
      if (name && failure.code === ErrorCode.AGENT_UNAVAILABLE) failure.message = `${name} is offline or inactive. Pick someone who is online, or a queue.`;
      if (name && failure.code === ErrorCode.AGENT_AT_CAPACITY) failure.message = `${name} is at capacity. Pick someone with room, or a queue.`;
      setError(failure);
    }
  }

  return { loaded: Boolean(data), loading: loading && !data, loadFailed: Boolean(loadError), agents, queues, target, setTarget, note, setNote, error, sending, submit };
}
