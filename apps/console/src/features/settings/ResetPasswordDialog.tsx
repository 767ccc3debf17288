import type { SettingsAgentFragment } from '@switchboard/schema';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { FormError } from './FormError';
import { PasswordField } from './PasswordField';
import { passwordResetEffect } from './settings-effects';
import { passwordProblem } from './settings-rules';
import { SettingsDialog } from './SettingsDialog';
import { useFormErrors } from './useFormErrors';
import { useResetAgentPassword } from './useResetAgentPassword';

const FIELDS = ['password'] as const;

/** The admin sets the agent's new password here and passes it on; it signs them out everywhere. */
export function ResetPasswordDialog({ agent, onClose, onSaved }: { agent: SettingsAgentFragment; onClose(): void; onSaved(message: string): void }) {
  const [password, setPassword] = useState('');
  const [reset, { loading }] = useResetAgentPassword();
  const form = useFormErrors(FIELDS);
  const effectId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.check({ password: passwordProblem(password) ?? undefined })) return;
    try {
      await reset({ variables: { id: agent.id, password } });
      onSaved(`${agent.name} has a new password and was signed out everywhere.`);
    } catch (error) {
      form.fromServer(error);
    }
  }

  return (
    <SettingsDialog title={`New password for ${agent.name}`} onClose={onClose} describedBy={effectId}>
      <form ref={form.formRef} className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
        <p id={effectId} className="settings-effect settings-effect--warning">
          {passwordResetEffect(agent.name)}
        </p>
        <PasswordField label="New password" value={password} error={form.errors.password} onChange={setPassword} autoFocus />
        <FormError message={form.errors.form} />
        <div className="settings-dialog__actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={loading}>
            {loading ? 'Setting…' : 'Set password and sign out'}
          </Button>
        </div>
      </form>
    </SettingsDialog>
  );
}
