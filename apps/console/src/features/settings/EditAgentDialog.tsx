import type { SettingsAgentFragment, UpdateAgentInput } from '@switchboard/schema';
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { AgentFields, type AgentDraft } from './AgentFields';
import { FormError } from './FormError';
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
  const [update, { loading }] = useUpdateAgent();
  const form = useFormErrors(FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
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
    try {
      const { data } = await update({ variables: { id: agent.id, input } });
      onSaved(`${data?.updateAgent?.name ?? agent.name} saved.`);
    } catch (error) {
      form.fromServer(error);
    }
  }

  return (
    <SettingsDialog title={`Edit ${agent.name}`} onClose={onClose}>
      <form ref={form.formRef} className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
        <AgentFields draft={draft} errors={form.errors} onChange={setDraft} emailEditable />
        <FormError message={form.errors.form} />
        <div className="settings-dialog__actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={loading}>
            {loading ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </SettingsDialog>
  );
}
