import type { SettingsChannelFragment } from '@switchboard/schema';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { channelLabel } from '../../ui/labels';
import { ChannelIcon } from '../queue/ChannelIcon';
import { ChannelDialog } from './ChannelDialog';
import { formatTarget } from './response-target';
import { SectionState } from './SectionState';
import { SettingsNotice } from './SettingsNotice';
import { SettingsTable } from './SettingsTable';
import { useSettingsChannels } from './useSettingsChannels';
import { useSettingsQueues } from './useSettingsQueues';

const CHANNEL_COLUMNS = ['Channel', 'Kind', 'Response target', 'New threads go to', 'Id'] as const;

/** Channels: how soon each promises an answer and where its new threads go; an admin adds and changes them. */
export function ChannelsSection({ canEdit }: { canEdit: boolean }) {
  const { data, error, refetch } = useSettingsChannels();
  const queues = useSettingsQueues().data?.queues ?? [];
  const [open, setOpen] = useState<{ channel: SettingsChannelFragment | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const channels = data?.channels;

  // A new attempt starts without the last one's success still showing above it.
  function show(channel: SettingsChannelFragment | null) {
    setNotice(null);
    setOpen({ channel });
  }

  return (
    <>
      <p className="settings__intro">
        Each channel promises customers an answer within its response target, and sends its new threads to one queue. A gateway names a channel by its id when a kind has several.
      </p>
      <SettingsNotice message={notice} />
      {canEdit ? (
        <div className="settings__toolbar">
          <Button variant="primary" onClick={() => show(null)}>
            Add channel
          </Button>
        </div>
      ) : null}
      {!channels ? (
        <SectionState what="the channels" error={error} onRetry={() => void refetch()} />
      ) : (
        <SettingsTable caption="Channels" columns={CHANNEL_COLUMNS} actions={canEdit}>
          {channels.map((channel) => (
            <tr key={channel.id} data-channel-id={channel.id}>
              <th scope="row" className="settings-table__name">
                <span className="settings-table__channel">
                  <ChannelIcon kind={channel.kind} />
                  {channel.name}
                </span>
              </th>
              <td>{channelLabel(channel.kind)}</td>
              <td data-target-seconds={channel.responseTargetSeconds}>{formatTarget(channel.responseTargetSeconds)}</td>
              <td>{channel.queue.name}</td>
              <td>
                <code className="settings-table__id">{channel.id}</code>
              </td>
              {canEdit ? (
                <td className="settings-table__actions">
                  <Button variant="ghost" aria-label={`Edit channel ${channel.name}`} onClick={() => show(channel)}>
                    Edit
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </SettingsTable>
      )}
      {open ? (
        <ChannelDialog
          channel={open.channel ? (channels?.find((channel) => channel.id === open.channel?.id) ?? open.channel) : null}
          queues={queues}
          onClose={() => setOpen(null)}
          onSaved={(message) => {
            setOpen(null);
            setNotice(message);
          }}
        />
      ) : null}
    </>
  );
}
