import type { AgentRole } from '@switchboard/schema';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { Logo } from '../../ui/Logo';
import { useLogout } from '../auth/useLogout';
import { useMe } from '../auth/useMe';
import { useLiveStatus } from '../../app/live';
import './shell.css';

const LIVE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Offline' } as const;

/** Whether this console is receiving changes as they happen; announced to screen readers when it changes. */
function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`live-indicator live-indicator--${status}`} role="status" aria-live="polite">
      <span className="live-indicator__dot" aria-hidden="true" />
      {LIVE_LABELS[status]}
    </span>
  );
}

// Clients must tolerate enum values they do not know yet (contract header), hence the fallback.
const ROLE_LABELS: Partial<Record<AgentRole, string>> = { AGENT: 'Agent', SUPERVISOR: 'Supervisor', ADMIN: 'Admin' };

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export function Shell() {
  const { signOut } = useSession();
  const { data, loading } = useMe();
  const [logout] = useLogout();
  const [signingOut, setSigningOut] = useState(false);
  const me = data?.me ?? null;

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
    <div className="shell">
      <header className="shell__header">
        <Logo compact />
        <div className="shell__account">
          <LiveIndicator />
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
          <Button variant="ghost" onClick={handleSignOut} disabled={signingOut}>
            Sign out
          </Button>
        </div>
      </header>
      <main className="shell__main">
        <EmptyState
          title="Queues arrive here soon"
          icon={
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
              <path d="M4 5h16v10H8l-4 4V5z" />
              <path d="M8 9h8M8 12h5" />
            </svg>
          }
        >
          <p>Conversations waiting in your queues will show up here, most urgent first.</p>
        </EmptyState>
      </main>
    </div>
  );
}
