import type { SettingsAgentFragment, UpdateAgentInput } from '@switchboard/schema';
import { useState } from 'react';
import { AgentFields, type AgentDraft } from './AgentFields';
import { emailProblem, nameProblem, parseCapacity } from './settings-rules';
import { SettingsDialog } from './SettingsDialog';
import { useFormErrors } from './useFormErrors';
import { useUpdateAgent } from './useUpdateAgent';

const FIELDS = ['name', 'email', 'role', 'capacity'] as const;

interface EditAgentDialogProps {
  agent: SettingsAgentFragment;
  onClose(): void;
  onSaved(message: string): void;
}

/** Name, e-mail, role and capacity; only what changed is sent. */
export function EditAgentDialog({ agent, onClose, onSaved }: EditAgentDialogProps) {
  const [draft, setDraft] = useState<AgentDraft>({ name: agent.name, email: agent.email ?? '', role: agent.role, capacity: String(agent.capacity) });
  const [update] = useUpdateAgent();
  const form = useFormErrors(FIELDS);

  async function submit() {
    const capacity = parseCapacity(draft.capacity);
    const problems = { name: nameProblem(draft.name) ?? undefined, email: emailProblem(draft.email) ?? undefined, capacity: capacity.problem ?? undefined };
    if (form.check(problems) || capacity.value === null) return;
    const input: UpdateAgentInput = {};
    if (draft.name.trim() !== agent.name) input.name = draft.name.trim();
    if (draft.email.trim().toLowerCase() !== (agent.email ?? '')) input.email = draft.email.trim();
    if (draft.role !== agent.role) input.role = draft.role;
    if (capacity.value !== agent.capacity) input.capacity = capacity.value;
    if (Object.keys(input).length === 0) {
      onClose();
      return;
    }
    await form.submit(async () => {
      const { data } = await update({ variables: { id: agent.id, input } });
      onSaved(`${data?.updateAgent?.name ?? agent.name} saved.`);
    });
  }

  return (
    <SettingsDialog title={`Edit ${agent.name}`} onClose={onClose} form={form} onSubmit={submit} submitLabel="Save" busyLabel="Saving…">
      <AgentFields draft={draft} errors={form.errors} onChange={setDraft} emailEditable />
    </SettingsDialog>
  );
}
