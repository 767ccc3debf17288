import { useEffect, useRef, useState } from 'react';
import { settingsError } from './settings-errors';

export type FormErrors<F extends string> = Partial<Record<F | 'form', string>>;

/**
 * A form's errors by field, from the client's checks or the server's answer (`extensions.field`
 * when it names one of `fields`, else the form's own line). Each failure moves focus to the first
 * field in error, which reads its message with it.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FormErrors<F>>({});
  const [failures, setFailures] = useState(0);
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

  return { errors, formRef, check, fromServer, clear: () => setErrors({}) };
}
