import { useId, useState, type ReactNode } from 'react';
import { Button } from '../../../ui/Button';
import { FormError } from '../FormError';
import { settingsError } from '../settings-errors';
import { SettingsDialog } from '../SettingsDialog';
import './integrations.css';

export interface ConfirmDialogProps {
  title: string;
  /** What happens, in full: what stops, and that it cannot be undone. Read with the title. */
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  onConfirm(): Promise<unknown>;
  /** Called once it is done, instead of `onClose` (which alone is called on cancel). */
  onDone?(): void;
  onClose(): void;
}

/** Asks before something that cannot be undone; says the server's reason when it is refused. Settings' agents use it too. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, onConfirm, onDone, onClose }: ConfirmDialogProps) {
  const effectId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);

  async function confirm() {
    setBusy(true);
    setFailure(undefined);
    try {
      await onConfirm();
      (onDone ?? onClose)();
    } catch (error) {
      setFailure(settingsError(error).message);
      setBusy(false);
    }
  }

  return (
    <SettingsDialog title={title} onClose={onClose} role="alertdialog" describedBy={effectId}>
      <div className="settings-form">
        <div id={effectId} className="settings-effect settings-effect--warning integrations-confirm">
          {children}
        </div>
        <FormError message={failure} />
        <div className="settings-dialog__actions">
          <Button variant="ghost" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button variant="primary" className="integrations-danger" onClick={() => void confirm()} disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </Button>
        </div>
      </div>
    </SettingsDialog>
  );
}
