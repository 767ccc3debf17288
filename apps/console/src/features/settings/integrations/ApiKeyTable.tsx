import type { ApiKeyRowFragment } from '@switchboard/schema';
import { Button } from '../../../ui/Button';
import { SettingsTable } from '../SettingsTable';
import { scopeLabel } from './integration-labels';
import { When } from './When';

export interface ApiKeyTableProps {
  keys: readonly ApiKeyRowFragment[];
  onRevoke(key: ApiKeyRowFragment): void;
}

const COLUMNS = ['Name', 'Scopes', 'Acts as', 'Created', 'Last used'] as const;

/** The keys not revoked, newest first, with what each may do and when it was last used. */
export function ApiKeyTable({ keys, onRevoke }: ApiKeyTableProps) {
  return (
    <SettingsTable caption="API keys" columns={COLUMNS} actions>
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
    </SettingsTable>
  );
}
