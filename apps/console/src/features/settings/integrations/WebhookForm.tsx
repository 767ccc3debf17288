import type { ThreadEventType } from '@switchboard/schema';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../../ui/Button';
import { Field } from '../Field';
import { FormError } from '../FormError';
import { useFormErrors } from '../useFormErrors';
import { eventTypeLabel, THREAD_EVENT_TYPES } from './integration-labels';
import { webhookUrlProblem } from './integration-rules';
import { useCreateWebhook } from './useCreateWebhook';

export interface WebhookFormProps {
  onCreated(created: { secret: string; url: string }): void;
  onCancel(): void;
}

const FIELDS = ['url', 'types'] as const;

/** A new webhook: where to POST, and every event type or chosen ones. Checked as the server checks. */
export function WebhookForm({ onCreated, onCancel }: WebhookFormProps) {
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState(true);
  const [types, setTypes] = useState<ThreadEventType[]>([]);
  const form = useFormErrors(FIELDS);
  const [create, { loading }] = useCreateWebhook();
  const titleId = useId();
  const choiceName = useId();
  const typesErrorId = useId();
  const typesError = form.errors.types;

  function toggleType(type: ThreadEventType, on: boolean) {
    setTypes((current) => THREAD_EVENT_TYPES.filter((value) => (value === type ? on : current.includes(value))));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      url: webhookUrlProblem(url) ?? undefined,
      // The server reads no types as every type: an empty choice would silently mean all.
      types: !every && types.length === 0 ? 'Choose at least one event type, or All events' : undefined,
    };
    if (form.check(problems)) return;
    try {
      const { data } = await create({ variables: { url: url.trim(), types: every ? null : types } });
      const created = data?.createWebhook;
      if (created) onCreated({ secret: created.secret, url: created.webhook.url });
    } catch (error) {
      form.fromServer(error);
    }
  }

  return (
    <form ref={form.formRef} className="settings-form integrations-panel" aria-labelledby={titleId} noValidate onSubmit={(event) => void submit(event)}>
      <h3 id={titleId} className="integrations-panel__title">
        New webhook
      </h3>
      <Field
        label="URL"
        error={form.errors.url}
        hint="An http or https address the server can reach. Loopback and private network addresses are refused unless this server allows them."
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

      <fieldset className="settings-choices" aria-describedby={typesError ? typesErrorId : undefined}>
        <legend className="settings-field__label">Events</legend>
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
                <input
                  type="checkbox"
                  checked={types.includes(type)}
                  aria-invalid={typesError ? true : undefined}
                  aria-describedby={typesError ? typesErrorId : undefined}
                  onChange={(event) => toggleType(type, event.target.checked)}
                />
                <span>{eventTypeLabel(type)}</span>
              </label>
            ))}
          </div>
        )}
        {typesError ? (
          <p id={typesErrorId} className="settings-field__error">
            {typesError}
          </p>
        ) : null}
      </fieldset>

      <FormError message={form.errors.form} />
      <div className="settings-dialog__actions">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={loading}>
          {loading ? 'Creating…' : 'Create webhook'}
        </Button>
      </div>
    </form>
  );
}
