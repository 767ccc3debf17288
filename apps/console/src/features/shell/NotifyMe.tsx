import { useState } from 'react';
import { Button } from '../../ui/Button';

function permissionNow(): NotificationPermission | null {
  return typeof Notification === 'undefined' ? null : Notification.permission;
}

/**
 * "Notify me": asks for browser notifications from a click, never on load (browsers distrust, and
 * may block, a page that asks unprompted). Gone once the agent answered either way.
 */
export function NotifyMe() {
  const [permission, setPermission] = useState(permissionNow);
  if (permission !== 'default') return null;
  const ask = () => void Notification.requestPermission().then(setPermission, () => setPermission(permissionNow()));
  return (
    <Button variant="ghost" className="shell__notify" aria-label="Notify me" onClick={ask} title="Get a browser notification when a conversation is handed to you">
      <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span className="shell__notify-text">Notify me</span>
    </Button>
  );
}
