import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../../ui/Button';
import { copyText } from './copy-text';

export interface SecretRevealProps {
  /** "API key Zapier created", "Webhook created". */
  title: string;
  /** The field's label: "API key", "Signing secret". */
  label: string;
  secret: string;
  /** How the secret is used, under the field. */
  children?: ReactNode;
  onDone(): void;
}

type CopyState = 'idle' | 'copied' | 'manual';

/**
 * A secret the server shows once: read-only, with Copy, and dismissed only on purpose. Focus
 * moves here when it appears, so a keyboard or screen reader user meets it first.
 */
export function SecretReveal({ title, label, secret, children, onDone }: SecretRevealProps) {
  const titleId = useId();
  const fieldId = useId();
  const warningId = useId();
  const field = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    heading.current?.focus();
  }, []);

  async function onCopy() {
    setCopy((await copyText(secret, field.current)) ? 'copied' : 'manual');
  }

  return (
    <section className="integrations-panel integrations-secret" aria-labelledby={titleId}>
      <h3 ref={heading} id={titleId} className="integrations-panel__title" tabIndex={-1}>
        {title}
      </h3>
      <p id={warningId} className="integrations-secret__warning">
        You won’t see this again. Copy it now and store it somewhere safe.
      </p>
      <label className="settings-field__label" htmlFor={fieldId}>
        {label}
      </label>
      <div className="integrations-secret__row">
        <input
          ref={field}
          id={fieldId}
          className="field__input integrations-secret__value"
          value={secret}
          readOnly
          spellCheck={false}
          aria-describedby={warningId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button variant="primary" onClick={() => void onCopy()}>
          Copy
        </Button>
      </div>
      <p className="integrations-secret__copied" role="status">
        {copy === 'copied' ? 'Copied' : copy === 'manual' ? 'Copying is blocked here: the text is selected, press Ctrl+C (⌘C on a Mac).' : ''}
      </p>
      {children}
      <div className="settings-dialog__actions">
        <Button onClick={onDone}>I have stored it</Button>
      </div>
    </section>
  );
}
