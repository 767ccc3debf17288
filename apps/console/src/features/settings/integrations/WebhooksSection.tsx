import type { WebhookRowFragment } from '@switchboard/schema';
import { useState, type RefObject } from 'react';
import { ConfirmDialog } from '../ConfirmDialog';
import { SectionState } from '../SectionState';
import { settingsError } from '../settings-errors';
import { SettingsNotice } from '../SettingsNotice';
import { CreatePanel } from './CreatePanel';
import { focusIfLost } from './focus-if-lost';
import { IntegrationSection } from './IntegrationSection';
import { SecretReveal } from './SecretReveal';
import { useDeleteWebhook } from './useDeleteWebhook';
import { useSetWebhookActive } from './useSetWebhookActive';
import { useWebhooks } from './useWebhooks';
import { WebhookForm } from './WebhookForm';
import { WebhookTable } from './WebhookTable';

/** /settings, webhooks: where thread events are POSTed, their delivery health, pause, resume, delete. */
export function WebhooksSection({ canEdit }: { canEdit: boolean }) {
  return (
    <IntegrationSection title="Webhooks" what="webhooks" canEdit={canEdit}>
      {(heading) => <Webhooks heading={heading} />}
    </IntegrationSection>
  );
}

/** How a receiver checks a delivery, as webhook-signer.ts signs it (docs/api.md shows the same steps). */
function SignatureNote() {
  return (
    <div className="integrations-secret__note">
      <p>
        Each POST carries <code>Switchboard-Signature: t=&lt;unix seconds&gt;,v1=&lt;signature&gt;</code>: the signature is the lowercase
        hex HMAC-SHA256 of <code>&lt;t&gt;.&lt;raw request body&gt;</code>, keyed with this secret.
      </p>
      <p>
        To verify, compute it over the raw body (before parsing the JSON), compare in constant time, and refuse a <code>t</code> more than
        five minutes away from now (a replay). <code>Switchboard-Event-Id</code> is the event’s cursor: deliveries are at least once, so
        skip an id you have handled already.
      </p>
    </div>
  );
}

function Webhooks({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const { data, error, refetch } = useWebhooks();
  const [setActive] = useSetWebhookActive();
  const [remove] = useDeleteWebhook();
  const [deleting, setDeleting] = useState<WebhookRowFragment | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const webhooks = data?.webhooks;

  async function toggle(webhook: WebhookRowFragment, active: boolean) {
    setBusyId(webhook.id);
    setFailure(null);
    setNotice(null);
    try {
      await setActive({ variables: { id: webhook.id, active } });
      setNotice(active ? `${webhook.url} resumed: it catches up from where it stopped.` : `${webhook.url} paused. Resumed, it catches up from where it stopped.`);
    } catch (caught) {
      setFailure(`${active ? 'Resuming' : 'Pausing'} ${webhook.url} failed: ${settingsError(caught).message}`);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <>
      <p className="settings__intro">
        Switchboard POSTs each thread event as JSON to these URLs, in order, retrying with growing back-off until the receiver answers 2xx.
      </p>
      <SettingsNotice message={notice} />
      {failure ? (
        <p className="notice notice--error" role="alert">
          {failure}
        </p>
      ) : null}
      <CreatePanel<{ id: string; secret: string; url: string }>
        newLabel="New webhook"
        listed={webhooks?.map((webhook) => webhook.id)}
        onOpen={() => {
          setNotice(null);
          setFailure(null);
        }}
        form={(onCancel, onCreated) => <WebhookForm onCancel={onCancel} onCreated={onCreated} />}
        secret={(created, onDone) => (
          <SecretReveal title="Webhook created" label={`Signing secret for ${created.url}`} secret={created.secret} onDone={onDone}>
            <SignatureNote />
          </SecretReveal>
        )}
      />

      {!webhooks ? (
        <SectionState what="the webhooks" error={error} onRetry={() => void refetch().catch(() => undefined)} />
      ) : webhooks.length === 0 ? (
        <p className="settings__empty">No webhooks yet.</p>
      ) : (
        <WebhookTable webhooks={webhooks} busyId={busyId} onSetActive={(webhook, active) => void toggle(webhook, active)} onDelete={(webhook) => {
            setNotice(null);
            setFailure(null);
            setDeleting(webhook);
          }}
        />
      )}

      {deleting ? (
        <ConfirmDialog
          title="Delete this webhook?"
          confirmLabel="Delete webhook"
          busyLabel="Deleting…"
          onConfirm={() => remove({ variables: { id: deleting.id } })}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setNotice(`Webhook ${deleting.url} deleted.`);
            setDeleting(null);
            focusIfLost(() => heading.current);
          }}
        >
          <strong className="integrations-url">{deleting.url}</strong> stops receiving events at once, and its delivery history is deleted
          with it; events it has not received yet are never sent. To stop it for a while instead, pause it. This cannot be undone.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
