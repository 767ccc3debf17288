import { useRef, useState, type ReactNode } from 'react';
import { Button } from '../../../ui/Button';
import { focusIfLost } from './focus-if-lost';

interface CreatePanelProps<T> {
  newLabel: string;
  /** When the New button is pressed (the section forgets its last notice). */
  onOpen(): void;
  form(onCancel: () => void, onCreated: (created: T) => void): ReactNode;
  /** The secret the server shows once, until dismissed. */
  secret(created: T, onDone: () => void): ReactNode;
}

type Panel<T> = { kind: 'none' } | { kind: 'form' } | { kind: 'secret'; created: T };

/** The New button, then its form in its place, then the secret it made; closed, focus goes back to New. */
export function CreatePanel<T>({ newLabel, onOpen, form, secret }: CreatePanelProps<T>) {
  const [panel, setPanel] = useState<Panel<T>>({ kind: 'none' });
  const newButton = useRef<HTMLButtonElement>(null);

  const close = () => {
    setPanel({ kind: 'none' });
    focusIfLost(() => newButton.current);
  };

  if (panel.kind === 'secret') return <>{secret(panel.created, close)}</>;
  if (panel.kind === 'form') return <>{form(close, (created) => setPanel({ kind: 'secret', created }))}</>;
  return (
    <div className="settings__toolbar">
      <Button
        ref={newButton}
        variant="primary"
        onClick={() => {
          onOpen();
          setPanel({ kind: 'form' });
        }}
      >
        {newLabel}
      </Button>
    </div>
  );
}
