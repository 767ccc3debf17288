import type { ApiScope } from '@switchboard/schema';
import { useState } from 'react';
import { ChoiceGroup } from '../ChoiceGroup';
import { Field } from '../Field';
import { useFormErrors } from '../useFormErrors';
import { API_SCOPES } from './integration-labels';
import { apiKeyProblems, type ApiKeyField } from './integration-rules';
import { PanelForm } from './PanelForm';
import { useApiKeyAgents } from './useApiKeyAgents';
import { useCreateApiKey } from './useCreateApiKey';

export interface ApiKeyFormProps {
  onCreated(created: { id: string; key: string; name: string }): void;
  onCancel(): void;
}

const FIELDS: readonly ApiKeyField[] = ['name', 'scopes', 'agentId'];

/** A new key: a name, its scopes, and for WRITE the agent it acts as. Checked as the server checks. */
export function ApiKeyForm({ onCreated, onCancel }: ApiKeyFormProps) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [agentId, setAgentId] = useState('');
  const form = useFormErrors(FIELDS);
  const [create] = useCreateApiKey();
  const writes = scopes.includes('WRITE');
  const { agents, loading: agentsLoading } = useApiKeyAgents(!writes);

  function toggleScope(scope: ApiScope, on: boolean) {
    // In the order the list shows them, whatever order they were ticked in.
    setScopes((current) => API_SCOPES.map((entry) => entry.scope).filter((value) => (value === scope ? on : current.includes(value))));
  }

  async function submit() {
    const chosenAgent = writes && agentId !== '' ? agentId : null;
    if (form.check(apiKeyProblems({ name, scopes, agentId: chosenAgent }))) return;
    await form.submit(async () => {
      const { data } = await create({ variables: { name: name.trim(), scopes, agentId: chosenAgent } });
      const created = data?.createApiKey;
      if (created) onCreated({ id: created.apiKey.id, key: created.key, name: created.apiKey.name });
    });
  }

  return (
    <PanelForm title="New API key" form={form} onSubmit={submit} submitLabel="Create key" busyLabel="Creating…" onCancel={onCancel}>
      <Field label="Name" error={form.errors.name} hint="Who or what uses it, e.g. SMS gateway.">
        {(control) => (
          <input {...control} className="field__input" value={name} autoComplete="off" autoFocus onChange={(event) => setName(event.target.value)} />
        )}
      </Field>

      <ChoiceGroup legend="Scopes" error={form.errors.scopes}>
        {(control) =>
          API_SCOPES.map(({ scope, label, explanation }) => (
            <label key={scope} className="settings-choice integrations-choice">
              <input {...control} type="checkbox" checked={scopes.includes(scope)} onChange={(event) => toggleScope(scope, event.target.checked)} />
              <span className="integrations-choice__text">
                <span className="integrations-choice__label">{label}</span>
                <span className="integrations-choice__hint">{explanation}</span>
              </span>
            </label>
          ))
        }
      </ChoiceGroup>

      {writes ? (
        <Field label="Acts as agent" error={form.errors.agentId} hint="The key may do what this agent may do, and what it does shows under their name.">
          {(control) => (
            <select {...control} className="field__input" value={agentId} onChange={(event) => setAgentId(event.target.value)}>
              <option value="">{agentsLoading ? 'Loading agents…' : 'Choose an agent'}</option>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </PanelForm>
  );
}
