import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Field } from './Field';
import { FormError } from './FormError';
import { nameProblem } from './settings-rules';
import { SettingsDialog } from './SettingsDialog';
import { useFormErrors } from './useFormErrors';

interface RenameDialogProps {
  /** "queue", "channel". */
  what: string;
  name: string;
  hint?: string;
  onClose(): void;
  /** Renames; a rejection (a name taken, say) shows beside the field. */
  onRename(name: string): Promise<unknown>;
}

const FIELDS = ['name'] as const;

/** A new name for a queue or a channel: unique among them, ignoring case (the server checks that). */
export function RenameDialog({ what, name: current, hint, onClose, onRename }: RenameDialogProps) {
  const [name, setName] = useState(current);
  const [saving, setSaving] = useState(false);
  const form = useFormErrors(FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.check({ name: nameProblem(name) ?? undefined })) return;
    if (name.trim() === current) {
      onClose();
      return;
    }
    setSaving(true);
    try {
      await onRename(name.trim());
    } catch (error) {
      form.fromServer(error);
      setSaving(false);
    }
  }

  return (
    <SettingsDialog title={`Rename ${what} ${current}`} onClose={onClose}>
      <form ref={form.formRef} className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
        <Field label="Name" error={form.errors.name} hint={hint}>
          {(control) => <input {...control} className="field__input" data-autofocus value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <FormError message={form.errors.form} />
        <div className="settings-dialog__actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Renaming…' : 'Rename'}
          </Button>
        </div>
      </form>
    </SettingsDialog>
  );
}
