import { useId } from 'react';
import { Modal } from '../../ui/Modal';
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
 * Every dialog of the settings page: a modal (ui/Modal) holding one form with its footer
 * (SettingsForm); Esc, the backdrop and Cancel close it.
 */
export function SettingsDialog({ title, onClose, role = 'dialog', describedBy, ...form }: SettingsDialogProps) {
  const titleId = useId();

  return (
    <Modal className="settings-dialog" backdropClassName="settings-dialog__backdrop" role={role} labelledBy={titleId} describedBy={describedBy} onClose={onClose}>
      <h2 id={titleId} className="settings-dialog__title">
        {title}
      </h2>
      <SettingsForm {...form} onCancel={onClose} />
    </Modal>
  );
}
