import type { ApiKeyRowFragment } from '@switchboard/schema';
import { Button } from '../../../ui/Button';
import { scopeLabel } from './integration-labels';
import { When } from './When';

export interface ApiKeyTableProps {
  keys: readonly ApiKeyRowFragment[];
  onRevoke(key: ApiKeyRowFragment): void;
}

/** The keys not revoked, newest first, with what each may do and when it was last used. */
export function ApiKeyTable({ keys, onRevoke }: ApiKeyTableProps) {
  return (
    <div className="settings-card">
      <table className="settings-table">
        <caption>API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Acts as</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-api-key-id={key.id}>
              <th scope="row" className="settings-table__name">
                {key.name}
              </th>
              <td>{key.scopes.map(scopeLabel).join(', ')}</td>
              <td>{key.agent?.name ?? <span className="settings__none">—</span>}</td>
              <td>
                <When at={key.createdAt} />
              </td>
              <td>{key.lastUsedAt ? <When at={key.lastUsedAt} /> : <span className="settings__none">Never used</span>}</td>
              <td className="settings-table__actions">
                <Button variant="ghost" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
