import type { AgentRole } from '@switchboard/schema';
import { useEffect, useRef } from 'react';
import { useSearch } from '../../app/route';
import { useSetupChangesStatus } from '../../app/setup-changes';
import { RouteLink } from '../../app/RouteLink';
import { Button } from '../../ui/Button';
import { useFocusWhenLost } from '../../ui/useFocusWhenLost';
import { isSupervisor } from '../auth/roles';
import { SupervisorsOnly } from '../auth/SupervisorsOnly';
import { AgentsSection } from './AgentsSection';
import { ChannelsSection } from './ChannelsSection';
import { ApiKeysSection } from './integrations/ApiKeysSection';
import { WebhooksSection } from './integrations/WebhooksSection';
import { QueuesSection } from './QueuesSection';
import { SETTINGS_TABS, settingsTab, settingsTabPath, type SettingsTab } from './settings-tabs';

// The channel icons' colours live with the queue's styles; the agent's message with the board's.
import '../queue/queue.css';
import '../board/board.css';
import './settings.css';

function Section({ tab, canEdit }: { tab: SettingsTab; canEdit: boolean }) {
  switch (tab) {
    case 'queues':
      return <QueuesSection canEdit={canEdit} />;
    case 'agents':
      return <AgentsSection canEdit={canEdit} />;
    case 'channels':
      return <ChannelsSection canEdit={canEdit} />;
    case 'api-keys':
      return <ApiKeysSection canEdit={canEdit} />;
    case 'webhooks':
      return <WebhooksSection canEdit={canEdit} />;
  }
}

/** The set-up, one section at a time (`?tab=`, so a reload or a link keeps it), kept live. */
function Settings({ canEdit }: { canEdit: boolean }) {
  const live = useSetupChangesStatus();
  const tab = settingsTab(useSearch());
  const label = SETTINGS_TABS.find((entry) => entry.id === tab)?.label ?? '';
  const section = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  // Choosing a section takes focus to its heading (each section's first), so the next Tab starts there.
  useEffect(() => {
    if (first.current) first.current = false;
    else section.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [tab]);
  // The integrations sections carry their own heading.
  const ownHeading = tab === 'api-keys' || tab === 'webhooks';
  // Opened from elsewhere (a link, the address bar), focus starts at the page's title, as on the board.
  const title = useFocusWhenLost<HTMLHeadingElement>(true);

  return (
    <section className="settings" aria-labelledby="settings-title">
      <header className="settings__header">
        <h1 id="settings-title" className="settings__title" ref={title} tabIndex={-1}>
          Settings
        </h1>
        {canEdit ? null : (
          <p className="notice notice--info settings__read-only">You can look, but only admins change the set-up.</p>
        )}
      </header>
      {live.failed ? (
        <div className="notice notice--error settings__notice settings__live-failed" role="alert">
          Changes made elsewhere no longer show here.{' '}
          <Button variant="ghost" onClick={live.resume}>
            Resume
          </Button>
        </div>
      ) : null}
      <div className="settings__layout">
        <nav className="settings__tabs" aria-label="Settings sections">
          {SETTINGS_TABS.map((entry) => (
            <RouteLink key={entry.id} to={settingsTabPath(entry.id)} className="settings__tab" aria-current={entry.id === tab ? 'page' : undefined}>
              {entry.label}
            </RouteLink>
          ))}
        </nav>
        <div className="settings__section" key={tab} ref={section}>
          {ownHeading ? (
            <Section tab={tab} canEdit={canEdit} />
          ) : (
            <section aria-labelledby="settings-section-title">
              <h2 id="settings-section-title" className="settings__section-title" tabIndex={-1}>
                {label}
              </h2>
              <Section tab={tab} canEdit={canEdit} />
            </section>
          )}
        </div>
      </div>
    </section>
  );
}

/** /settings: admins change the set-up, supervisors look at it, agents are told it is not theirs. */
export function SettingsPage({ me, loading }: { me: { role: AgentRole } | null; loading: boolean }) {
  if (!me) {
    return <div className="board board--message">{loading ? <p className="board__loading">Loading…</p> : null}</div>;
  }
  if (!isSupervisor(me.role)) return <SupervisorsOnly what="Settings are" />;
  return <Settings canEdit={me.role === 'ADMIN'} />;
}
