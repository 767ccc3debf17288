import { useId, type ReactNode } from 'react';
import { SettingsDialog } from './SettingsDialog';
import { useFormErrors } from './useFormErrors';

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

const NO_FIELDS: readonly never[] = [];

/** Asks before something that cannot be undone; says the server's reason when it is refused. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, onConfirm, onDone, onClose }: ConfirmDialogProps) {
  const effectId = useId();
  const form = useFormErrors(NO_FIELDS);

  return (
    <SettingsDialog
      title={title}
      onClose={onClose}
      role="alertdialog"
      describedBy={effectId}
      form={form}
      onSubmit={() =>
        form.submit(async () => {
          await onConfirm();
          (onDone ?? onClose)();
        })
      }
      submitLabel={confirmLabel}
      busyLabel={busyLabel}
      danger
    >
      <div id={effectId} className="settings-effect settings-effect--warning settings-confirm">
        {children}
      </div>
    </SettingsDialog>
  );
}
