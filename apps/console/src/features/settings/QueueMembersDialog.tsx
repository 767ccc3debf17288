import type { SettingsAgentFragment, SettingsQueueFragment } from '@switchboard/schema';
import { useId, useState } from 'react';
import { membersEffect } from './settings-effects';
import { SettingsDialog } from './SettingsDialog';
import { useFormErrors } from './useFormErrors';
import { useSetQueueMembers } from './useSetQueueMembers';

interface QueueMembersDialogProps {
  queue: SettingsQueueFragment;
  agents: readonly SettingsAgentFragment[];
  onClose(): void;
  onSaved(message: string): void;
}

const FIELDS = ['agentIds'] as const;

/** Tick who works in the queue; what the change does is said above the button that makes it. */
export function QueueMembersDialog({ queue, agents, onClose, onSaved }: QueueMembersDialogProps) {
  const before = new Set(queue.members.map((member) => member.id));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(before);
  const [save] = useSetQueueMembers();
  const form = useFormErrors(FIELDS);
  const effectId = useId();
  // Deactivated agents are listed only while they are members, so they can be taken out.
  const listed = agents.filter((agent) => agent.active || before.has(agent.id));
  const added = listed.filter((agent) => chosen.has(agent.id) && !before.has(agent.id));
  const removed = listed.filter((agent) => !chosen.has(agent.id) && before.has(agent.id));
  const effect = membersEffect(queue.name, removed, added);
  const changed = added.length + removed.length > 0;

  function toggle(id: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  }

  async function submit() {
    await form.submit(async () => {
      await save({ variables: { queueId: queue.id, agentIds: listed.filter((agent) => chosen.has(agent.id)).map((agent) => agent.id) } });
      onSaved(`Members of ${queue.name} saved. ${effect}`);
    });
  }

  return (
    <SettingsDialog
      title={`Members of ${queue.name}`}
      onClose={onClose}
      form={form}
      onSubmit={submit}
      submitLabel="Save members"
      busyLabel="Saving…"
      disabled={!changed}
      submitDescribedBy={effectId}
    >
      <fieldset className="settings-choices" aria-invalid={form.errors.agentIds ? true : undefined}>
        <legend className="settings-field__label">Agents in {queue.name}</legend>
        {listed.length === 0 ? <p className="settings__empty">No agents yet: add some under Agents first.</p> : null}
        {listed.map((agent, index) => (
          <label key={agent.id} className="settings-choice">
            <input
              type="checkbox"
              checked={chosen.has(agent.id)}
              data-autofocus={index === 0 ? true : undefined}
              onChange={(event) => toggle(agent.id, event.target.checked)}
            />
            <span>{agent.name}</span>
            <span className="settings-choice__note">
              {agent.active ? `${agent.ownedThreadCount} open ${agent.ownedThreadCount === 1 ? 'thread' : 'threads'}` : 'deactivated'}
            </span>
          </label>
        ))}
        {form.errors.agentIds ? <p className="settings-field__error">{form.errors.agentIds}</p> : null}
      </fieldset>
      <p id={effectId} className={`settings-effect ${removed.length > 0 ? 'settings-effect--warning' : ''}`} aria-live="polite">
        {effect}
      </p>
    </SettingsDialog>
  );
}
