import type { ReactNode } from 'react';

export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      {icon && <div className="empty-state__icon">{icon}</div>}
      <h2 id="empty-state-title" className="empty-state__title">
        {title}
      </h2>
      {children && <div className="empty-state__body">{children}</div>}
    </section>
  );
}
