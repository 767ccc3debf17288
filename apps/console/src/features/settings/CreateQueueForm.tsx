import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Field } from './Field';
import { FormError } from './FormError';
import { nameProblem } from './settings-rules';
import { useCreateQueue } from './useCreateQueue';
import { useFormErrors } from './useFormErrors';

const FIELDS = ['name'] as const;

interface CreateQueueFormProps {
  /** Each attempt, before its checks: the section forgets its last notice. */
  onSubmit(): void;
  onCreated(name: string): void;
}

/** A new queue by name; it is listed once created, and the field is ready for the next one. */
export function CreateQueueForm({ onSubmit, onCreated }: CreateQueueFormProps) {
  const [name, setName] = useState('');
  const [create] = useCreateQueue();
  const form = useFormErrors(FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
    if (form.check({ name: nameProblem(name) ?? undefined })) return;
    await form.submit(async () => {
      const { data } = await create({ variables: { name: name.trim() } });
      setName('');
      onCreated(data?.createQueue?.name ?? name.trim());
      // The button was disabled while creating, which dropped focus: back to the field, for the next one.
      form.formRef.current?.querySelector('input')?.focus();
    });
  }

  return (
    <form ref={form.formRef} className="settings-form settings-form--inline" aria-label="New queue" noValidate onSubmit={(event) => void submit(event)}>
      <Field label="New queue" error={form.errors.name} className="settings-form__grow">
        {(control) => <input {...control} className="field__input" value={name} maxLength={400} placeholder="e.g. Billing" onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Button type="submit" variant="primary" className="settings-form__submit" disabled={form.busy}>
        {form.busy ? 'Creating…' : 'Create queue'}
      </Button>
      <FormError message={form.errors.form} />
    </form>
  );
}
