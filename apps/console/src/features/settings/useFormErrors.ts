import { useEffect, useRef, useState, type RefObject } from 'react';
import { settingsError } from './settings-errors';

export type FormErrors<F extends string> = Partial<Record<F | 'form', string>>;

/** What SettingsForm shows of a form: its failure line and whether it is sending. */
export interface FormState {
  formRef: RefObject<HTMLFormElement | null>;
  errors: { form?: string | undefined };
  busy: boolean;
}

/**
 * A form's errors by field, from the client's checks or the server's answer (`extensions.field`
 * when it names one of `fields`, else the form's own line). Each failure moves focus to the first
 * field in error, which reads its message with it.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FormErrors<F>>({});
  const [failures, setFailures] = useState(0);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (failures === 0) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[data-form-error]'))?.focus();
  }, [failures]);

  /** Shows `next`; true when there was anything to show (the caller stops there). */
  function check(next: FormErrors<F>): boolean {
    const found = Object.values(next).some(Boolean);
    setErrors(next);
    if (found) setFailures((n) => n + 1);
    return found;
  }

  function fromServer(error: unknown) {
    const { field, message } = settingsError(error);
    const known = field !== null && (fields as readonly string[]).includes(field);
    check((known ? { [field]: message } : { form: message }) as FormErrors<F>);
  }

  /** Sends the change: busy while it runs, and a refusal shown as the server's answer. */
  async function submit(send: () => Promise<unknown>) {
    setErrors({});
    setBusy(true);
    try {
      await send();
    } catch (error) {
      fromServer(error);
    } finally {
      setBusy(false);
    }
  }

  return { errors, formRef, busy, check, fromServer, submit };
}
