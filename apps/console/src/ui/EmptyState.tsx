import { useId, type ReactNode } from 'react';

/** A pane with nothing to show: what it is and what to do next. `level` fits it under the pane's own heading. */
export function EmptyState({ title, children, icon, level = 2 }: { title: string; children?: ReactNode; icon?: ReactNode; level?: 2 | 3 }) {
  const id = useId();
  const Heading = level === 3 ? 'h3' : 'h2';
  return (
    <section className="empty-state" aria-labelledby={id}>
      {icon && <div className="empty-state__icon">{icon}</div>}
      <Heading id={id} className="empty-state__title">
        {title}
      </Heading>
      {children && <div className="empty-state__body">{children}</div>}
    </section>
  );
}
