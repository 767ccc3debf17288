import type { ApiKeyRowFragment } from '@switchboard/schema';
import { useId, useRef, useState, type RefObject } from 'react';
import { Button } from '../../../ui/Button';
import { SectionState } from '../SectionState';
import { SettingsNotice } from '../SettingsNotice';
import { ApiKeyForm } from './ApiKeyForm';
import { ApiKeyTable } from './ApiKeyTable';
import { ConfirmDialog } from './ConfirmDialog';
import { focusIfLost } from './focus-if-lost';
import { SecretReveal } from './SecretReveal';
import { useApiKeys } from './useApiKeys';
import { useRevokeApiKey } from './useRevokeApiKey';
import './integrations.css';

export interface ApiKeysSectionProps {
  /** ADMIN: only admins may list and manage keys, so no one else asks. */
  canEdit: boolean;
}

type Panel = { kind: 'none' } | { kind: 'form' } | { kind: 'secret'; key: string; name: string };

/** /settings, API keys: the keys third parties use, made here (the secret shown once) and revoked here. */
export function ApiKeysSection({ canEdit }: ApiKeysSectionProps) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section className="integrations" aria-labelledby={titleId}>
      <h2 ref={heading} id={titleId} className="settings__section-title" tabIndex={-1}>
        API keys
      </h2>
      {canEdit ? <ApiKeys heading={heading} /> : <p className="settings__intro">Only admins see and manage API keys.</p>}
    </section>
  );
}

function ApiKeys({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const { data, error, refetch } = useApiKeys();
  const [revoke] = useRevokeApiKey();
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [revoking, setRevoking] = useState<ApiKeyRowFragment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const keys = data?.apiKeys;

  const closePanel = () => {
    setPanel({ kind: 'none' });
    focusIfLost(() => newButton.current);
  };

  return (
    <>
      <p className="settings__intro">
        Gateways and other tools call Switchboard with a key, sent as <code>Authorization: Bearer &lt;key&gt;</code>. Its scopes say what it may do.
      </p>
      <SettingsNotice message={notice} />
      {panel.kind === 'secret' ? (
        <SecretReveal title={`API key “${panel.name}” created`} label="API key" secret={panel.key} onDone={closePanel}>
          <p className="integrations-secret__note">
            Send it as <code>Authorization: Bearer &lt;key&gt;</code>. Switchboard keeps only a hash of it: if it is lost, revoke it and create another.
          </p>
        </SecretReveal>
      ) : panel.kind === 'form' ? (
        <ApiKeyForm onCancel={closePanel} onCreated={(created) => setPanel({ kind: 'secret', ...created })} />
      ) : (
        <div className="settings__toolbar">
          <Button
            ref={newButton}
            variant="primary"
            onClick={() => {
              setNotice(null);
              setPanel({ kind: 'form' });
            }}
          >
            New API key
          </Button>
        </div>
      )}

      {!keys ? (
        <SectionState what="the API keys" error={error} onRetry={() => void refetch().catch(() => undefined)} />
      ) : keys.length === 0 ? (
        <p className="settings__empty">No API keys yet.</p>
      ) : (
        <ApiKeyTable keys={keys} onRevoke={setRevoking} />
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
