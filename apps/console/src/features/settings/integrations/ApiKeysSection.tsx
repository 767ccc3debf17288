import type { ApiKeyRowFragment } from '@switchboard/schema';
import { useState, type RefObject } from 'react';
import { ConfirmDialog } from '../ConfirmDialog';
import { SectionState } from '../SectionState';
import { SettingsNotice } from '../SettingsNotice';
import { ApiKeyForm } from './ApiKeyForm';
import { ApiKeyTable } from './ApiKeyTable';
import { CreatePanel } from './CreatePanel';
import { focusIfLost } from './focus-if-lost';
import { IntegrationSection } from './IntegrationSection';
import { SecretReveal } from './SecretReveal';
import { useApiKeys } from './useApiKeys';
import { useRevokeApiKey } from './useRevokeApiKey';

/** /settings, API keys: the keys third parties use, made here (the secret shown once) and revoked here. */
export function ApiKeysSection({ canEdit }: { canEdit: boolean }) {
  return (
    <IntegrationSection title="API keys" what="API keys" canEdit={canEdit}>
      {(heading) => <ApiKeys heading={heading} />}
    </IntegrationSection>
  );
}

function ApiKeys({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const { data, error, refetch } = useApiKeys();
  const [revoke] = useRevokeApiKey();
  const [revoking, setRevoking] = useState<ApiKeyRowFragment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const keys = data?.apiKeys;

  return (
    <>
      <p className="settings__intro">
        Gateways and other tools call Switchboard with a key, sent as <code>Authorization: Bearer &lt;key&gt;</code>. Its scopes say what it may do.
      </p>
      <SettingsNotice message={notice} />
      <CreatePanel<{ id: string; key: string; name: string }>
        newLabel="New API key"
        listed={keys?.map((key) => key.id)}
        onOpen={() => setNotice(null)}
        form={(onCancel, onCreated) => <ApiKeyForm onCancel={onCancel} onCreated={onCreated} />}
        secret={(created, onDone) => (
          <SecretReveal title={`API key “${created.name}” created`} label="API key" secret={created.key} onDone={onDone}>
            <p className="integrations-secret__note">
              Send it as <code>Authorization: Bearer &lt;key&gt;</code>. Switchboard keeps only a hash of it: if it is lost, revoke it and create another.
            </p>
          </SecretReveal>
        )}
      />

      {!keys ? (
        <SectionState what="the API keys" error={error} onRetry={() => void refetch().catch(() => undefined)} />
      ) : keys.length === 0 ? (
        <p className="settings__empty">No API keys yet.</p>
      ) : (
        <ApiKeyTable
          keys={keys}
          onRevoke={(key) => {
            setNotice(null);
            setRevoking(key);
          }}
        />
      )}

      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          busyLabel="Revoking…"
          onConfirm={() => revoke({ variables: { id: revoking.id } })}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setNotice(`API key “${revoking.name}” revoked.`);
            setRevoking(null);
            focusIfLost(() => heading.current);
          }}
        >
          It stops working at once: its next request is refused and its open connections are closed.
          Whatever uses it{revoking.agent ? ` (acting as ${revoking.agent.name})` : ''} stops until it is given a new key. This cannot be undone.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
