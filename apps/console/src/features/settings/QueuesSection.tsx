import type { SettingsQueueFragment } from '@switchboard/schema';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { CreateQueueForm } from './CreateQueueForm';
import { QueueMembersDialog } from './QueueMembersDialog';
import { RenameDialog } from './RenameDialog';
import { SectionState } from './SectionState';
import { joinNames } from './settings-effects';
import { SettingsNotice } from './SettingsNotice';
import { SettingsTable } from './SettingsTable';
import { useSettingsAgents } from './useSettingsAgents';
import { useSettingsChannels } from './useSettingsChannels';
import { useRenameQueue } from './useRenameQueue';
import { useSettingsQueues } from './useSettingsQueues';

const QUEUE_COLUMNS = ['Queue', 'Members', 'Channels sending new threads here'] as const;

/** Queues: who works in each and which channels feed it; an admin creates them and sets members. */
export function QueuesSection({ canEdit }: { canEdit: boolean }) {
  const { data, error, refetch } = useSettingsQueues();
  const agents = useSettingsAgents().data?.agents ?? [];
  const channels = useSettingsChannels().data?.channels ?? [];
  const [open, setOpen] = useState<{ dialog: 'members' | 'rename'; queue: SettingsQueueFragment } | null>(null);
  const [rename] = useRenameQueue();
  const [notice, setNotice] = useState<string | null>(null);
  const queues = data?.queues;

  // A new attempt starts without the last one's success still showing above it.
  function show(next: { dialog: 'members' | 'rename'; queue: SettingsQueueFragment }) {
    setNotice(null);
    setOpen(next);
  }

  return (
    <>
      <p className="settings__intro">
        A thread waits in one queue; the agents in that queue can claim it. Each channel sends its new threads to one queue.
      </p>
      <SettingsNotice message={notice} />
      {canEdit ? <CreateQueueForm onSubmit={() => setNotice(null)} onCreated={(name) => setNotice(`Queue ${name} created.`)} /> : null}
      {!queues ? (
        <SectionState what="the queues" error={error} onRetry={() => void refetch()} />
      ) : (
        <SettingsTable caption="Queues" columns={QUEUE_COLUMNS} actions={canEdit}>
          {queues.map((queue) => {
            const feeding = channels.filter((channel) => channel.queue.id === queue.id).map((channel) => channel.name);
            return (
              <tr key={queue.id} data-queue-id={queue.id}>
                <th scope="row" className="settings-table__name">
                  {queue.name}
                </th>
                <td>{queue.members.length === 0 ? <span className="settings__none">No one yet</span> : joinNames(queue.members.map((member) => member.name))}</td>
                <td>{feeding.length === 0 ? <span className="settings__none">None</span> : feeding.join(', ')}</td>
                {canEdit ? (
                  <td className="settings-table__actions">
                    <Button variant="ghost" aria-label={`Members of ${queue.name}`} onClick={() => show({ dialog: 'members', queue })}>
                      Members
                    </Button>
                    <Button variant="ghost" aria-label={`Rename ${queue.name}`} onClick={() => show({ dialog: 'rename', queue })}>
                      Rename
                    </Button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </SettingsTable>
      )}
      {open?.dialog === 'members' ? (
        <QueueMembersDialog
          queue={queues?.find((queue) => queue.id === open.queue.id) ?? open.queue}
          agents={agents}
          onClose={() => setOpen(null)}
          onSaved={(message) => {
            setOpen(null);
            setNotice(message);
          }}
        />
      ) : open?.dialog === 'rename' ? (
        <RenameDialog
          what="queue"
          name={open.queue.name}
          hint="Unique among queues, ignoring case. Threads, members and channels stay with it."
          onClose={() => setOpen(null)}
          onRename={async (name) => {
            await rename({ variables: { id: open.queue.id, name } });
            setOpen(null);
            setNotice(`Queue ${open.queue.name} is now called ${name}.`);
          }}
        />
      ) : null}
    </>
  );
}
