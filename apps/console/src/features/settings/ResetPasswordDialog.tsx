import type { SettingsAgentFragment } from '@switchboard/schema';
import { useId, useState } from 'react';
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
  const [reset] = useResetAgentPassword();
  const form = useFormErrors(FIELDS);
  const effectId = useId();

  async function submit() {
    if (form.check({ password: passwordProblem(password) ?? undefined })) return;
    await form.submit(async () => {
      await reset({ variables: { id: agent.id, password } });
      onSaved(`${agent.name} has a new password and was signed out everywhere.`);
    });
  }

  return (
    <SettingsDialog
      title={`New password for ${agent.name}`}
      onClose={onClose}
      describedBy={effectId}
      form={form}
      onSubmit={submit}
      submitLabel="Set password and sign out"
      busyLabel="Setting…"
    >
      <p id={effectId} className="settings-effect settings-effect--warning">
        {passwordResetEffect(agent.name)}
      </p>
      <PasswordField label="New password" value={password} error={form.errors.password} onChange={setPassword} autoFocus />
    </SettingsDialog>
  );
}
