import { useCallback, useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useModalFocus } from '../../ui/useModalFocus';
import { SettingsForm, type SettingsFormProps } from './SettingsForm';

interface SettingsDialogProps extends Omit<SettingsFormProps, 'onCancel' | 'className' | 'aria-labelledby'> {
  title: string;
  /** Esc, the backdrop and Cancel. */
  onClose(): void;
  /** `alertdialog` for a confirmation: what will happen, then the one button that does it. */
  role?: 'dialog' | 'alertdialog';
  /** Read with the title when the dialog opens (the consequences, for a confirmation). */
  describedBy?: string;
}

/**
 * Every dialog of the settings page: a modal holding one form with its footer (SettingsForm).
 * Focus goes to the element marked `data-autofocus` (else the dialog), stays inside while open,
 * and returns to what opened it; Esc, the backdrop and Cancel close it.
 */
export function SettingsDialog({ title, onClose, role = 'dialog', describedBy, ...form }: SettingsDialogProps) {
  // useModalFocus re-runs (returning focus, then taking it again) whenever onClose changes: give it one for good.
  const latestClose = useRef(onClose);
  useLayoutEffect(() => {
    latestClose.current = onClose;
  });
  const close = useCallback(() => latestClose.current(), []);
  const dialog = useModalFocus<HTMLDivElement>(close);
  const titleId = useId();
  // After useModalFocus has focused the dialog (and noted what to return to).
  useEffect(() => {
    dialog.ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [dialog.ref]);

  return (
    <div className="settings-dialog__backdrop" onClick={close}>
      <div
        ref={dialog.ref}
        className="settings-dialog"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={dialog.onKeyDown}
      >
        <h2 id={titleId} className="settings-dialog__title">
          {title}
        </h2>
        <SettingsForm {...form} onCancel={onClose} />
      </div>
    </div>
  );
}
