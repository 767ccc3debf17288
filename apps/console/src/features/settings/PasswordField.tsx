import { useState } from 'react';
import { Button } from '../../ui/Button';
import { Field } from './Field';
import { SETTINGS_LIMITS } from './settings-rules';

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I), easy to read out. */
export function suggestPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}

interface PasswordFieldProps {
  label: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
  autoFocus?: boolean;
}

/** The admin types a password or takes a suggested one, and sees it to pass it on (no e-mail is sent). */
export function PasswordField({ label, value, error, onChange, autoFocus }: PasswordFieldProps) {
  const [shown, setShown] = useState(false);
  return (
    <Field label={label} error={error} hint={`${SETTINGS_LIMITS.passwordMin} characters or more. Tell it to them yourself.`}>
      {(control) => (
        <div className="settings-password">
          <input
            {...control}
            className="field__input settings-password__input"
            type={shown ? 'text' : 'password'}
            autoComplete="new-password"
            spellCheck={false}
            value={value}
            data-autofocus={autoFocus || undefined}
            onChange={(event) => onChange(event.target.value)}
          />
          <Button variant="ghost" aria-pressed={shown} onClick={() => setShown(!shown)}>
            {shown ? 'Hide' : 'Show'}
          </Button>
          <Button
            variant="ghost"
            onClick={() => {
              onChange(suggestPassword());
              setShown(true);
            }}
          >
            Suggest one
          </Button>
        </div>
      )}
    </Field>
  );
}
