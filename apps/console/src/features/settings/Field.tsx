import { useId, type ReactNode } from 'react';

/** What a field's control spreads on itself: its id, and its error and hint as its description. */
export interface FieldControl {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: ReactNode;
  /** The client's check or the server's answer, shown under the control and read with it. */
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children(control: FieldControl): ReactNode;
}

/** A labelled control with its hint and its error beside it (aria-describedby, aria-invalid). */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`settings-field ${className ?? ''}`}>
      <label className="settings-field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error ? (
        <p id={errorId} className="settings-field__error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="settings-field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
