import { useId } from 'react';
import { SettingsForm, type SettingsFormProps } from '../SettingsForm';

/** A create form in the section's flow rather than a dialog: a card named by its own heading. */
export function PanelForm({ title, children, ...form }: Omit<SettingsFormProps, 'className' | 'aria-labelledby'> & { title: string }) {
  const titleId = useId();
  return (
    <SettingsForm {...form} className="integrations-panel" aria-labelledby={titleId}>
      <h3 id={titleId} className="integrations-panel__title">
        {title}
      </h3>
      {children}
    </SettingsForm>
  );
}
