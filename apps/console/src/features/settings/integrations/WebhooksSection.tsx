import type { WebhookRowFragment } from '@switchboard/schema';
import { useId, useRef, useState, type RefObject } from 'react';
import { Button } from '../../../ui/Button';
import { SectionState } from '../SectionState';
import { settingsError } from '../settings-errors';
import { SettingsNotice } from '../SettingsNotice';
import { ConfirmDialog } from './ConfirmDialog';
import { focusIfLost } from './focus-if-lost';
import { SecretReveal } from './SecretReveal';
import { useDeleteWebhook } from './useDeleteWebhook';
import { useSetWebhookActive } from './useSetWebhookActive';
import { useWebhooks } from './useWebhooks';
import { WebhookForm } from './WebhookForm';
import { WebhookTable } from './WebhookTable';
import './integrations.css';

export interface WebhooksSectionProps {
  /** ADMIN: only admins may list and manage webhooks, so no one else asks. */
  canEdit: boolean;
}

type Panel = { kind: 'none' } | { kind: 'form' } | { kind: 'secret'; secret: string; url: string };

/** /settings, webhooks: where thread events are POSTed, their delivery health, pause, resume, delete. */
export function WebhooksSection({ canEdit }: WebhooksSectionProps) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section className="integrations" aria-labelledby={titleId}>
      <h2 ref={heading} id={titleId} className="settings__section-title" tabIndex={-1}>
        Webhooks
      </h2>
      {canEdit ? <Webhooks heading={heading} /> : <p className="settings__intro">Only admins see and manage webhooks.</p>}
    </section>
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
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [deleting, setDeleting] = useState<WebhookRowFragment | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const webhooks = data?.webhooks;

  const closePanel = () => {
    setPanel({ kind: 'none' });
    focusIfLost(() => newButton.current);
  };

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
      {panel.kind === 'secret' ? (
        <SecretReveal title="Webhook created" label={`Signing secret for ${panel.url}`} secret={panel.secret} onDone={closePanel}>
          <SignatureNote />
        </SecretReveal>
      ) : panel.kind === 'form' ? (
        <WebhookForm onCancel={closePanel} onCreated={(created) => setPanel({ kind: 'secret', ...created })} />
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
            New webhook
          </Button>
        </div>
      )}

      {!webhooks ? (
        <SectionState what="the webhooks" error={error} onRetry={() => void refetch().catch(() => undefined)} />
      ) : webhooks.length === 0 ? (
        <p className="settings__empty">No webhooks yet.</p>
      ) : (
        <WebhookTable webhooks={webhooks} busyId={busyId} onSetActive={(webhook, active) => void toggle(webhook, active)} onDelete={setDeleting} />
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
