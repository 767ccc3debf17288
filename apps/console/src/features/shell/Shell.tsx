import { useApolloClient, useMutation } from '@apollo/client/react';
import { SetPresenceDocument, type AgentRole, type Presence } from '@switchboard/schema';
import { useCallback, useEffect, useState } from 'react';
import { useLiveEvents, useLiveStatus } from '../../app/live';
import { useSession } from '../../app/session';
import { Button } from '../../ui/Button';
import { Logo } from '../../ui/Logo';
import { useLogout } from '../auth/useLogout';
import { useMe } from '../auth/useMe';
import { QUEUE_SHORTCUTS, QueueView } from '../queue/QueueView';
import { THREAD_SHORTCUTS, ThreadView } from '../thread/ThreadView';
import { ownedDelta } from './owned-count';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useOpenThread } from './use-open-thread';
import { initials } from '../../ui/labels';
import './shell.css';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallback.
const ROLE_LABELS: Partial<Record<AgentRole, string>> = { AGENT: 'Agent', SUPERVISOR: 'Supervisor', ADMIN: 'Admin' };
const LIVE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Offline' } as const;
const PRESENCE_OPTIONS: Array<{ value: Presence; label: string }> = [
  { value: 'ONLINE', label: 'Online' },
  { value: 'AWAY', label: 'Away' },
  { value: 'OFFLINE', label: 'Offline' },
];


/** Whether this console is receiving changes as they happen; announced to screen readers when it changes. */
function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`live-indicator live-indicator--${status}`} role="status" aria-live="polite" data-live-status={status}>
      <span className="live-indicator__dot" aria-hidden="true" />
      {LIVE_LABELS[status]}
    </span>
  );
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

export function Shell() {
  const { signOut } = useSession();
  const apollo = useApolloClient();
  const { data, loading } = useMe();
  const [logout] = useLogout();
  const [setPresence] = useMutation(SetPresenceDocument);
  const [signingOut, setSigningOut] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [threadId, openThread] = useOpenThread();
  const me = data?.me ?? null;

  // Coming to work: a console that signs in is ONLINE unless the agent chose otherwise before.
  useEffect(() => {
    if (me && me.presence === 'OFFLINE') void setPresence({ variables: { presence: 'ONLINE' } });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when we first know who we are
  }, [me?.id]);

  // My load follows the events about my threads, without asking the server.
  useLiveEvents(
    useCallback(
      (event) => {
        if (!me) return;
        const delta = ownedDelta(event, me.id);
        if (delta === 0) return;
        apollo.cache.modify({
          id: apollo.cache.identify({ __typename: 'Agent', id: me.id }),
          fields: { ownedThreadCount: (count: number) => Math.max(0, count + delta) },
        });
      },
      [apollo, me],
    ),
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function handleSignOut() {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // The token is dropped locally either way; the server expires it on its own.
    } finally {
      signOut();
    }
  }

  return (
    <div className={`shell ${threadId ? 'shell--thread-open' : ''}`}>
      <header className="shell__header">
        <Logo compact />
        <div className="shell__account">
          <LiveIndicator />
          {me ? (
            <>
              <label className="shell__presence">
                <span className="visually-hidden">Status</span>
                <select
                  aria-label="Status"
                  className={`shell__presence-select shell__presence-select--${me.presence.toLowerCase()}`}
                  value={me.presence}
                  onChange={(event) => void setPresence({ variables: { presence: event.target.value as Presence } })}
                >
                  {PRESENCE_OPTIONS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </label>
              <span className="shell__load" aria-label={`Load: ${me.ownedThreadCount} of ${me.capacity} open threads`} title="Open threads you hold / your capacity">
                <strong>{me.ownedThreadCount}</strong> / {me.capacity}
              </span>
            </>
          ) : null}
          {loading && !me ? (
            <span className="skeleton" aria-label="Loading your profile" />
          ) : me ? (
            <div className="shell__agent">
              <span className="shell__avatar" aria-hidden="true">
                {initials(me.name)}
              </span>
              <span className="shell__agent-text">
                <span className="shell__agent-name">{me.name}</span>
                <span className="shell__agent-role">{ROLE_LABELS[me.role] ?? me.role}</span>
              </span>
            </div>
          ) : null}
          <Button variant="ghost" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
            ?
          </Button>
          <Button variant="ghost" onClick={handleSignOut} disabled={signingOut}>
            Sign out
          </Button>
        </div>
      </header>
      <main className="shell__main">
        <div className="shell__queue">
          <QueueView selectedThreadId={threadId} onOpen={openThread} />
        </div>
        <section className="shell__thread" aria-label="Conversation">
          {threadId ? (
            <ThreadView key={threadId} threadId={threadId} onClose={() => openThread(null)} />
          ) : (
            <div className="shell__placeholder">
              <p className="shell__placeholder-title">No conversation open</p>
              <p>Pick a thread from the queue, or press <kbd>Next</kbd> to take the one due soonest.</p>
            </div>
          )}
        </section>
      </main>
      {helpOpen ? (
        <ShortcutsDialog
          groups={[
            { title: 'Queue', shortcuts: QUEUE_SHORTCUTS },
            { title: 'Conversation', shortcuts: THREAD_SHORTCUTS },
            { title: 'Anywhere', shortcuts: [{ keys: '?', description: 'Show these shortcuts' }] },
          ]}
          onClose={() => setHelpOpen(false)}
        />
      ) : null}
    </div>
  );
}
