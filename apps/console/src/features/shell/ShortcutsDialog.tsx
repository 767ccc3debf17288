import { useId } from 'react';
import { Button } from '../../ui/Button';
import { Modal } from '../../ui/Modal';

export interface Shortcut {
  keys: string;
  description: string;
}

/** The "?" help: every keyboard shortcut, grouped by where it works. */
export function ShortcutsDialog({ groups, onClose }: { groups: Array<{ title: string; shortcuts: readonly Shortcut[] }>; onClose(): void }) {
  const titleId = useId();
  return (
    <Modal className="shortcuts" backdropClassName="shortcuts__backdrop" labelledBy={titleId} onClose={onClose}>
      <h2 id={titleId}>Keyboard shortcuts</h2>
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
      <Button onClick={onClose}>
        Close
      </Button>
    </Modal>
  );
}
