import { useEffect, useRef } from 'react';
import { Button } from '../../ui/Button';

export interface Shortcut {
  keys: string;
  description: string;
}

/** The "?" help: every keyboard shortcut, grouped by where it works. */
export function ShortcutsDialog({ groups, onClose }: { groups: Array<{ title: string; shortcuts: readonly Shortcut[] }>; onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="shortcuts__backdrop" onClick={onClose}>
      <div className="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {groups.map((group) => (
          <section key={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.keys} className="shortcuts__row">
                  <dt>
                    <kbd>{shortcut.keys}</kbd>
                  </dt>
                  <dd>{shortcut.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <Button ref={close} onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
