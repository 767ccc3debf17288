import type { ReactNode } from 'react';

/** A column heading, with the class its cells share (`settings-table__figure` for numbers). */
export type SettingsColumn = string | { label: string; className: string };

interface SettingsTableProps {
  caption: string;
  columns: readonly SettingsColumn[];
  /** A last, unlabelled-to-the-eye column for each row's buttons. */
  actions: boolean;
  /** The rows. */
  children: ReactNode;
}

/** A section's table in its card (which scrolls sideways on its own on a narrow window). */
export function SettingsTable({ caption, columns, actions, children }: SettingsTableProps) {
  return (
    <div className="settings-card">
      <table className="settings-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className={column.className}>
                  {column.label}
                </th>
              ),
            )}
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
