import { useId, useRef, type ReactNode, type RefObject } from 'react';
import './integrations.css';

interface IntegrationSectionProps {
  title: string;
  /** "API keys", "webhooks": what only admins see. */
  what: string;
  /** ADMIN: only admins may list and manage these, so no one else asks. */
  canEdit: boolean;
  /** The section's body, given its heading to take focus back to when a row it came from is gone. */
  children(heading: RefObject<HTMLHeadingElement | null>): ReactNode;
}

/** An integrations section under its own heading; for anyone but an admin, only why it is empty. */
export function IntegrationSection({ title, what, canEdit, children }: IntegrationSectionProps) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section className="integrations" aria-labelledby={titleId}>
      <h2 ref={heading} id={titleId} className="settings__section-title" tabIndex={-1}>
        {title}
      </h2>
      {canEdit ? children(heading) : <p className="settings__intro">Only admins see and manage {what}.</p>}
    </section>
  );
}
