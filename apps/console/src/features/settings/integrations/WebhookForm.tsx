import type { ThreadEventType } from '@switchboard/schema';
import { useId, useState } from 'react';
import { ChoiceGroup } from '../ChoiceGroup';
import { Field } from '../Field';
import { useFormErrors } from '../useFormErrors';
import { eventTypeLabel, THREAD_EVENT_TYPES } from './integration-labels';
import { webhookUrlProblem } from './integration-rules';
import { PanelForm } from './PanelForm';
import { useCreateWebhook } from './useCreateWebhook';

export interface WebhookFormProps {
  onCreated(created: { id: string; secret: string; url: string }): void;
  onCancel(): void;
}

const FIELDS = ['url', 'types'] as const;

/** A new webhook: where to POST, and every event type or chosen ones. Checked as the server checks. */
export function WebhookForm({ onCreated, onCancel }: WebhookFormProps) {
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState(true);
  const [types, setTypes] = useState<ThreadEventType[]>([]);
  const form = useFormErrors(FIELDS);
  const [create] = useCreateWebhook();
  const choiceName = useId();

  function toggleType(type: ThreadEventType, on: boolean) {
    setTypes((current) => THREAD_EVENT_TYPES.filter((value) => (value === type ? on : current.includes(value))));
  }

  async function submit() {
    const problems = {
      url: webhookUrlProblem(url) ?? undefined,
      // The server reads no types as every type: an empty choice would silently mean all.
      types: !every && types.length === 0 ? 'Choose at least one event type, or All events' : undefined,
    };
    if (form.check(problems)) return;
    await form.submit(async () => {
      const { data } = await create({ variables: { url: url.trim(), types: every ? null : types } });
      const created = data?.createWebhook;
      if (created) onCreated({ id: created.webhook.id, secret: created.secret, url: created.webhook.url });
    });
  }

  return (
    <PanelForm title="New webhook" form={form} onSubmit={submit} submitLabel="Create webhook" busyLabel="Creating…" onCancel={onCancel}>
      <Field
        label="URL"
        error={form.errors.url}
        hint="An http or https address the server can reach. Loopback and private network addresses are refused unless the server runs with SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true."
      >
        {(control) => (
          <input
            {...control}
            type="url"
            className="field__input"
            value={url}
            placeholder="https://example.com/hooks/switchboard"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            onChange={(event) => setUrl(event.target.value)}
          />
        )}
      </Field>

      <ChoiceGroup legend="Events" error={form.errors.types}>
        {(control) => (
          <>
            <label className="settings-choice integrations-choice">
              <input type="radio" name={choiceName} checked={every} onChange={() => setEvery(true)} />
              <span className="integrations-choice__text">
                <span className="integrations-choice__label">All events</span>
                <span className="integrations-choice__hint">Every thread event, including types added later.</span>
              </span>
            </label>
            <label className="settings-choice integrations-choice">
              <input type="radio" name={choiceName} checked={!every} onChange={() => setEvery(false)} />
              <span className="integrations-choice__text">
                <span className="integrations-choice__label">Only these</span>
              </span>
            </label>
            {every ? null : (
              <div className="integrations-types" role="group" aria-label="Event types">
                {THREAD_EVENT_TYPES.map((type) => (
                  <label key={type} className="settings-choice">
                    <input {...control} type="checkbox" checked={types.includes(type)} onChange={(event) => toggleType(type, event.target.checked)} />
                    <span>{eventTypeLabel(type)}</span>
                  </label>
                ))}
              </div>
            )}
          </>
        )}
      </ChoiceGroup>
    </PanelForm>
  );
}
