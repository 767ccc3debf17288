import { Button } from './Button';
import './toasts.css';

export interface Toast {
  id: string;
  title: string;
  /** A quoted line under the title (a hand-off note). */
  quote?: string | null;
  action?: { label: string; onClick(): void };
}

/**
 * Short-lived news in a corner: a polite live region (read out when the reader is free), each
 * toast dismissible, nothing taking focus from what the agent is doing. The region is always in
 * the page, so screen readers announce what is added to it.
 */
export function Toasts({ toasts, onDismiss, label = 'Notifications' }: { toasts: readonly Toast[]; onDismiss(id: string): void; label?: string }) {
  return (
    <section className="toasts" aria-label={label}>
      <ul className="toasts__list" aria-live="polite" aria-relevant="additions text">
        {toasts.map((toast) => (
          <li key={toast.id} className="toast">
            <div className="toast__text">
              <p className="toast__title">{toast.title}</p>
              {toast.quote ? <blockquote className="toast__quote">{toast.quote}</blockquote> : null}
            </div>
            <div className="toast__actions">
              {toast.action ? (
                <Button variant="primary" className="toast__action" onClick={toast.action.onClick}>
                  {toast.action.label}
                </Button>
              ) : null}
              <button type="button" className="toast__dismiss" aria-label="Dismiss" title="Dismiss" onClick={() => onDismiss(toast.id)}>
                <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                  <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
                </svg>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
