import type { SettingsAgentFragment, SettingsQueueFragment } from '@switchboard/schema';
import { useState } from 'react';
import { AgentFields, type AgentDraft, type AgentField } from './AgentFields';
import { ChoiceGroup } from './ChoiceGroup';
import { PasswordField } from './PasswordField';
import { DEFAULT_CAPACITY, emailProblem, nameProblem, parseCapacity, passwordProblem } from './settings-rules';
import { SettingsDialog } from './SettingsDialog';
import { useCreateAgent } from './useCreateAgent';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['name', 'email', 'role', 'capacity', 'password', 'queueIds'] as const satisfies ReadonlyArray<AgentField | 'password' | 'queueIds'>;

interface CreateAgentDialogProps {
  queues: readonly SettingsQueueFragment[];
  onClose(): void;
  onCreated(agent: SettingsAgentFragment): void;
}

/** A new agent with their role, capacity, queues and first password; listed as soon as it is made. */
export function CreateAgentDialog({ queues, onClose, onCreated }: CreateAgentDialogProps) {
  const [draft, setDraft] = useState<AgentDraft>({ name: '', email: '', role: 'AGENT', capacity: String(DEFAULT_CAPACITY) });
  const [password, setPassword] = useState('');
  const [queueIds, setQueueIds] = useState<ReadonlySet<string>>(new Set());
  const [create] = useCreateAgent();
  const form = useFormErrors(FIELDS);

  async function submit() {
    const capacity = parseCapacity(draft.capacity);
    const problems = {
      name: nameProblem(draft.name) ?? undefined,
      email: emailProblem(draft.email) ?? undefined,
      capacity: capacity.problem ?? undefined,
      password: passwordProblem(password) ?? undefined,
    };
    if (form.check(problems) || capacity.value === null) return;
    await form.submit(async () => {
      const { data } = await create({
        variables: {
          input: {
            name: draft.name.trim(),
            email: draft.email.trim(),
            password,
            role: draft.role,
            capacity: capacity.value,
            queueIds: queues.filter((queue) => queueIds.has(queue.id)).map((queue) => queue.id),
          },
        },
      });
      if (data?.createAgent) onCreated(data.createAgent);
    });
  }

  function toggle(id: string, on: boolean) {
    const next = new Set(queueIds);
    if (on) next.add(id);
    else next.delete(id);
    setQueueIds(next);
  }

  return (
    <SettingsDialog title="Add an agent" onClose={onClose} form={form} onSubmit={submit} submitLabel="Add agent" busyLabel="Adding…">
      <AgentFields draft={draft} errors={form.errors} onChange={setDraft} emailEditable />
      <PasswordField label="Password" value={password} error={form.errors.password} onChange={setPassword} />
      <ChoiceGroup legend="Queues" error={form.errors.queueIds}>
        {(control) => (
          <>
            {queues.length === 0 ? <p className="settings__empty">No queues yet.</p> : null}
            {queues.map((queue) => (
              <label key={queue.id} className="settings-choice">
                <input type="checkbox" checked={queueIds.has(queue.id)} aria-invalid={control['aria-invalid']} onChange={(event) => toggle(queue.id, event.target.checked)} />
                <span>{queue.name}</span>
              </label>
            ))}
          </>
        )}
      </ChoiceGroup>
    </SettingsDialog>
  );
}
