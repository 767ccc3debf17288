import type { SettingsAgentFragment } from '@switchboard/schema';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { presenceLabel, roleLabel } from '../../ui/labels';
import { ConfirmDialog } from './ConfirmDialog';
import { CreateAgentDialog } from './CreateAgentDialog';
import { EditAgentDialog } from './EditAgentDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { SectionState } from './SectionState';
import { settingsError } from './settings-errors';
import { deactivateEffect } from './settings-effects';
import { SettingsNotice } from './SettingsNotice';
import { SettingsTable } from './SettingsTable';
import { useSettingsAgents } from './useSettingsAgents';
import { useSettingsQueues } from './useSettingsQueues';
import { useUpdateAgent } from './useUpdateAgent';

type Open =
  | { dialog: 'create' }
  | { dialog: 'edit' | 'password' | 'deactivate'; agent: SettingsAgentFragment };

const AGENT_COLUMNS = [
  'Agent',
  'Role',
  { label: 'Capacity', className: 'settings-table__figure' },
  'Queues',
  { label: 'Open threads', className: 'settings-table__figure' },
  'Status',
] as const;

/** Agents: who signs in, with which role and capacity, in which queues; an admin adds and changes them. */
export function AgentsSection({ canEdit }: { canEdit: boolean }) {
  const { data, error, refetch } = useSettingsAgents();
  const queues = useSettingsQueues().data?.queues ?? [];
  const [update] = useUpdateAgent();
  const [open, setOpen] = useState<Open | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const agents = data?.agents;

  // A new attempt starts without the last one's success or failure still showing above it.
  function show(next: Open) {
    setNotice(null);
    setFailure(null);
    setOpen(next);
  }

  function done(message: string) {
    setOpen(null);
    setFailure(null);
    setNotice(message);
  }

  async function reactivate(agent: SettingsAgentFragment) {
    setNotice(null);
    setFailure(null);
    try {
      await update({ variables: { id: agent.id, input: { active: true } } });
      done(`${agent.name} is active again and can sign in.`);
    } catch (error) {
      setFailure(`${agent.name} could not be reactivated: ${settingsError(error).message}`);
    }
  }

  return (
    <>
      <p className="settings__intro">Agents sign in with their e-mail. Capacity is how many open threads one may own at once; co-responding does not count.</p>
      <SettingsNotice message={notice} />
      {failure ? (
        <p className="notice notice--error settings__notice" role="alert">
          {failure}
        </p>
      ) : null}
      {canEdit ? (
        <div className="settings__toolbar">
          <Button variant="primary" onClick={() => show({ dialog: 'create' })}>
            Add agent
          </Button>
        </div>
      ) : null}
      {!agents ? (
        <SectionState what="the agents" error={error} onRetry={() => void refetch()} />
      ) : (
        <SettingsTable caption="Agents" columns={AGENT_COLUMNS} actions={canEdit}>
          {agents.map((agent) => (
            <tr
              key={agent.id}
              data-agent-id={agent.id}
              className={`${agent.active ? '' : 'settings-table__row--inactive'} ${fresh === agent.id ? 'settings-table__row--fresh' : ''}`}
            >
              <th scope="row" className="settings-table__name">
                <span>{agent.name}</span>
                <span className="settings-table__sub">{agent.email}</span>
              </th>
              <td>{roleLabel(agent.role)}</td>
              <td className="settings-table__figure">{agent.capacity}</td>
              <td>{agent.queues.length === 0 ? <span className="settings__none">None</span> : agent.queues.map((queue) => queue.name).join(', ')}</td>
              <td className="settings-table__figure">{agent.ownedThreadCount}</td>
              <td>{agent.active ? presenceLabel(agent.presence) : <span className="settings__badge">Deactivated</span>}</td>
              {canEdit ? (
                <td className="settings-table__actions">
                  <Button variant="ghost" aria-label={`Edit ${agent.name}`} onClick={() => show({ dialog: 'edit', agent })}>
                    Edit
                  </Button>
                  <Button variant="ghost" aria-label={`New password for ${agent.name}`} onClick={() => show({ dialog: 'password', agent })}>
                    New password
                  </Button>
                  {agent.active ? (
                    <Button variant="ghost" aria-label={`Deactivate ${agent.name}`} onClick={() => show({ dialog: 'deactivate', agent })}>
                      Deactivate
                    </Button>
                  ) : (
                    <Button variant="ghost" aria-label={`Reactivate ${agent.name}`} onClick={() => void reactivate(agent)}>
                      Reactivate
                    </Button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </SettingsTable>
      )}
      {open?.dialog === 'create' ? (
        <CreateAgentDialog
          queues={queues}
          onClose={() => setOpen(null)}
          onCreated={(agent) => {
            done(`${agent.name} added. They sign in as ${agent.email ?? 'their e-mail'} with the password you set.`);
            setFresh(agent.id);
          }}
        />
      ) : open?.dialog === 'edit' ? (
        <EditAgentDialog agent={open.agent} onClose={() => setOpen(null)} onSaved={done} />
      ) : open?.dialog === 'password' ? (
        <ResetPasswordDialog agent={open.agent} onClose={() => setOpen(null)} onSaved={done} />
      ) : open?.dialog === 'deactivate' ? (
        <ConfirmDialog
          title={`Deactivate ${open.agent.name}?`}
          confirmLabel={`Deactivate ${open.agent.name}`}
          busyLabel="Deactivating…"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await update({ variables: { id: open.agent.id, input: { active: false } } });
            done(`${open.agent.name} was deactivated and signed out.`);
          }}
        >
          <p>{deactivateEffect(open.agent)}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
