import type { SettingsAgentFragment, SettingsQueueFragment } from '@switchboard/schema';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { AgentFields, type AgentDraft, type AgentField } from './AgentFields';
import { FormError } from './FormError';
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
  const [create, { loading }] = useCreateAgent();
  const form = useFormErrors(FIELDS);
  const queuesErrorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const capacity = parseCapacity(draft.capacity);
    const problems = {
      name: nameProblem(draft.name) ?? undefined,
      email: emailProblem(draft.email) ?? undefined,
      capacity: capacity.problem ?? undefined,
      password: passwordProblem(password) ?? undefined,
    };
    if (form.check(problems) || capacity.value === null) return;
    try {
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
    } catch (error) {
      form.fromServer(error);
    }
  }

  function toggle(id: string, on: boolean) {
    const next = new Set(queueIds);
    if (on) next.add(id);
    else next.delete(id);
    setQueueIds(next);
  }

  return (
    <SettingsDialog title="Add an agent" onClose={onClose}>
      <form ref={form.formRef} className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
        <AgentFields draft={draft} errors={form.errors} onChange={setDraft} emailEditable />
        <PasswordField label="Password" value={password} error={form.errors.password} onChange={setPassword} />
        <fieldset className="settings-choices" aria-describedby={form.errors.queueIds ? queuesErrorId : undefined}>
          <legend className="settings-field__label">Queues</legend>
          {queues.length === 0 ? <p className="settings__empty">No queues yet.</p> : null}
          {queues.map((queue) => (
            <label key={queue.id} className="settings-choice">
              <input type="checkbox" checked={queueIds.has(queue.id)} aria-invalid={form.errors.queueIds ? true : undefined} onChange={(event) => toggle(queue.id, event.target.checked)} />
              <span>{queue.name}</span>
            </label>
          ))}
          {form.errors.queueIds ? (
            <p id={queuesErrorId} className="settings-field__error">
              {form.errors.queueIds}
            </p>
          ) : null}
        </fieldset>
        <FormError message={form.errors.form} />
        <div className="settings-dialog__actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={loading}>
            {loading ? 'Adding…' : 'Add agent'}
          </Button>
        </div>
      </form>
    </SettingsDialog>
  );
}
