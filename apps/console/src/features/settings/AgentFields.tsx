import type { AgentRole } from '@switchboard/schema';
import { Field } from './Field';
import { AGENT_ROLES } from '../../ui/labels';
import type { FormErrors } from './useFormErrors';
import { SETTINGS_LIMITS } from './settings-rules';

export interface AgentDraft {
  name: string;
  email: string;
  role: AgentRole;
  capacity: string;
}

export type AgentField = 'name' | 'email' | 'role' | 'capacity';

interface AgentFieldsProps {
  draft: AgentDraft;
  errors: FormErrors<AgentField>;
  onChange(draft: AgentDraft): void;
  /** Whether the e-mail may be changed (a new agent's always is). */
  emailEditable: boolean;
}

/** Name, e-mail, role and capacity: the same fields when adding an agent and editing one. */
export function AgentFields({ draft, errors, onChange, emailEditable }: AgentFieldsProps) {
  const set = (change: Partial<AgentDraft>) => onChange({ ...draft, ...change });
  return (
    <>
      <Field label="Name" error={errors.name}>
        {(control) => <input {...control} className="field__input" data-autofocus value={draft.name} autoComplete="off" onChange={(event) => set({ name: event.target.value })} />}
      </Field>
      <Field label="E-mail" error={errors.email} hint={emailEditable ? 'They sign in with it.' : 'They sign in with it; it cannot be changed here yet.'}>
        {(control) => (
          <input
            {...control}
            className="field__input"
            type="email"
            value={draft.email}
            readOnly={!emailEditable}
            autoComplete="off"
            onChange={(event) => set({ email: event.target.value })}
          />
        )}
      </Field>
      <div className="settings-form__pair">
        <Field label="Role" error={errors.role} hint={AGENT_ROLES.find((entry) => entry.role === draft.role)?.explanation}>
          {(control) => (
            <select {...control} className="field__input" value={draft.role} onChange={(event) => set({ role: event.target.value as AgentRole })}>
              {AGENT_ROLES.map(({ role, label }) => (
                <option key={role} value={role}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Capacity" error={errors.capacity} hint={`Open threads they may own at once (0 to ${SETTINGS_LIMITS.capacityMax}); 0 means they can claim nothing (supervisors who only watch).`}>
          {(control) => (
            <input
              {...control}
              className="field__input settings-form__number"
              type="number"
              inputMode="numeric"
              min={0}
              max={SETTINGS_LIMITS.capacityMax}
              step={1}
              value={draft.capacity}
              onChange={(event) => set({ capacity: event.target.value })}
            />
          )}
        </Field>
      </div>
    </>
  );
}
