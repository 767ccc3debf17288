import { useRef, useState, type ReactNode } from 'react';
import { Button } from '../../../ui/Button';
import { focusIfLost } from './focus-if-lost';

interface CreatePanelProps<T extends { id: string }> {
  newLabel: string;
  /** The ids listed now: a secret whose key or webhook is gone (revoked, deleted) is not shown any longer. */
  listed: readonly string[] | undefined;
  /** When the New button is pressed (the section forgets its last notice). */
  onOpen(): void;
  form(onCancel: () => void, onCreated: (created: T) => void): ReactNode;
  /** The secret the server shows once, until dismissed. */
  secret(created: T, onDone: () => void): ReactNode;
}

type Panel<T> = { kind: 'none' } | { kind: 'form' } | { kind: 'secret'; created: T };

/** The New button, then its form in its place, then the secret it made (until dismissed, or its item is gone); closed, focus goes back to New. */
export function CreatePanel<T extends { id: string }>({ newLabel, listed, onOpen, form, secret }: CreatePanelProps<T>) {
  const [panel, setPanel] = useState<Panel<T>>({ kind: 'none' });
  const newButton = useRef<HTMLButtonElement>(null);
  const seen = useRef(false);

  const close = () => {
    setPanel({ kind: 'none' });
    focusIfLost(() => newButton.current);
  };

  // Gone once listed and then no longer (the list may take a moment to show a new one at all).
  const shown = panel.kind === 'secret' && listed?.includes(panel.created.id) === true;
  if (shown) seen.current = true;
  const gone = panel.kind === 'secret' && seen.current && !shown;
  if (panel.kind === 'secret' && !gone) return <>{secret(panel.created, close)}</>;
  if (panel.kind === 'form') return <>{form(close, (created) => setPanel({ kind: 'secret', created }))}</>;
  return (
    <div className="settings__toolbar">
      <Button
        ref={newButton}
        variant="primary"
        onClick={() => {
          onOpen();
          seen.current = false;
          setPanel({ kind: 'form' });
        }}
      >
        {newLabel}
      </Button>
    </div>
  );
}
