import { useState } from 'react';
import { Field } from './Field';
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
  const form = useFormErrors(FIELDS);

  async function submit() {
    if (form.check({ name: nameProblem(name) ?? undefined })) return;
    if (name.trim() === current) {
      onClose();
      return;
    }
    await form.submit(() => onRename(name.trim()));
  }

  return (
    <SettingsDialog title={`Rename ${what} ${current}`} onClose={onClose} form={form} onSubmit={submit} submitLabel="Rename" busyLabel="Renaming…">
      <Field label="Name" error={form.errors.name} hint={hint}>
        {(control) => <input {...control} className="field__input" data-autofocus value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
    </SettingsDialog>
  );
}
