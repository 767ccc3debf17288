import type { ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { FormError } from './FormError';
import type { FormState } from './useFormErrors';

export interface SettingsFormProps {
  /** useFormErrors: its ref, its failure that names no field, and whether it is sending. */
  form: FormState;
  /** Called with the browser's own submission already prevented. */
  onSubmit(): Promise<void>;
  submitLabel: string;
  busyLabel: string;
  /** Off besides while busy (nothing changed yet, say). */
  disabled?: boolean;
  /** Read with the primary button: what it is about to do. */
  submitDescribedBy?: string;
  /** For what cannot be undone: the primary button in red, and focus starting on Cancel. */
  danger?: boolean;
  onCancel(): void;
  className?: string;
  'aria-labelledby'?: string;
  children: ReactNode;
}

/** A settings form with its failure line and its footer: Cancel, and the primary button that says when it is busy. */
export function SettingsForm({
  form,
  onSubmit,
  submitLabel,
  busyLabel,
  disabled = false,
  submitDescribedBy,
  danger = false,
  onCancel,
  className,
  'aria-labelledby': labelledBy,
  children,
}: SettingsFormProps) {
  return (
    <form
      ref={form.formRef}
      className={className ? `settings-form ${className}` : 'settings-form'}
      aria-labelledby={labelledBy}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      {children}
      <FormError message={form.errors.form} />
      <div className="settings-dialog__actions">
        <Button variant="ghost" onClick={onCancel} data-autofocus={danger || undefined}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" className={danger ? 'settings-danger' : undefined} disabled={form.busy || disabled} aria-describedby={submitDescribedBy}>
          {form.busy ? busyLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}
