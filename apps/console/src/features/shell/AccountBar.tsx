import type { MeQuery, Presence } from '@switchboard/schema';
import { Button } from '../../ui/Button';
import { initials, roleLabel } from '../../ui/labels';
import { LiveIndicator } from './LiveIndicator';
import { NotifyMe } from './NotifyMe';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallback.
const PRESENCE_OPTIONS: Array<{ value: Presence; label: string }> = [
  { value: 'ONLINE', label: 'Online' },
  { value: 'AWAY', label: 'Away' },
  { value: 'OFFLINE', label: 'Offline' },
];

interface AccountBarProps {
  me: MeQuery['me'] | null;
  loading: boolean;
  onPresence(presence: Presence): void;
  onHelp(): void;
  onSignOut(): void;
  signingOut: boolean;
}

/** The header's right side: live status, my presence and load, who I am, help and sign-out. */
export function AccountBar({ me, loading, onPresence, onHelp, onSignOut, signingOut }: AccountBarProps) {
  return (
    <div className="shell__account">
      <LiveIndicator />
      {me ? (
        <>
          <label className="shell__presence">
            <span className="visually-hidden">Status</span>
            <select
              aria-label="Status"
              aria-describedby={me.presenceSetBy ? 'presence-set-by' : undefined}
              className={`shell__presence-select shell__presence-select--${me.presence.toLowerCase()}`}
              value={me.presence}
              onChange={(event) => onPresence(event.target.value as Presence)}
            >
              {PRESENCE_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          {me.presenceSetBy ? (
            <span className="shell__presence-by" id="presence-set-by" title="You can set your status back yourself">
              (set by {me.presenceSetBy.name})
            </span>
          ) : null}
          <span className="shell__load" title="Open threads you hold, of your capacity">
            <strong>{me.ownedThreadCount}</strong> of {me.capacity} threads
          </span>
        </>
      ) : null}
      {loading && !me ? (
        <span className="skeleton" aria-label="Loading your profile" />
      ) : me ? (
        <div className="shell__agent" title={`${me.name} (${roleLabel(me.role)})`}>
          <span className="shell__avatar" aria-hidden="true">
            {initials(me.name)}
          </span>
          <span className="shell__agent-text">
            <span className="shell__agent-name">{me.name}</span>
            <span className="shell__agent-role">{roleLabel(me.role)}</span>
          </span>
        </div>
      ) : null}
      <NotifyMe />
      <Button variant="ghost" aria-label="Keyboard shortcuts" onClick={onHelp}>
        ?
      </Button>
      <Button variant="ghost" onClick={onSignOut} disabled={signingOut}>
        Sign out
      </Button>
    </div>
  );
}
