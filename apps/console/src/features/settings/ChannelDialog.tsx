import type { ChannelKind, SettingsChannelFragment, SettingsQueueFragment } from '@switchboard/schema';
import { useId, useState } from 'react';
import { CHANNEL_KINDS, channelLabel } from '../../ui/labels';
import { Field } from './Field';
import { formatTarget, TARGET_UNITS, targetInput, targetSeconds, type TargetUnit } from './response-target';
import { nameProblem, targetProblem } from './settings-rules';
import { SettingsDialog } from './SettingsDialog';
import { useCreateChannel } from './useCreateChannel';
import { useFormErrors } from './useFormErrors';
import { useRenameChannel } from './useRenameChannel';
import { useSetChannelQueue } from './useSetChannelQueue';
import { useSetChannelTarget } from './useSetChannelTarget';

const FIELDS = ['kind', 'name', 'responseTargetSeconds', 'queueId'] as const;

interface ChannelDialogProps {
  /** null: a new channel. */
  channel: SettingsChannelFragment | null;
  queues: readonly SettingsQueueFragment[];
  onClose(): void;
  onSaved(message: string): void;
}

/** A channel's name, response target (a number of minutes, hours or days) and queue; or a new channel. */
export function ChannelDialog({ channel, queues, onClose, onSaved }: ChannelDialogProps) {
  const initial = targetInput(channel?.responseTargetSeconds ?? 3600);
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'SMS');
  const [name, setName] = useState(channel?.name ?? '');
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState<TargetUnit>(initial.unit);
  const [queueId, setQueueId] = useState(channel?.queue.id ?? queues[0]?.id ?? '');
  const [create] = useCreateChannel();
  const [rename] = useRenameChannel();
  const [setTarget] = useSetChannelTarget();
  const [setQueue] = useSetChannelQueue();
  const form = useFormErrors(FIELDS);
  const unitId = useId();
  const seconds = targetSeconds(amount, unit);
  const targetError = form.errors.responseTargetSeconds;

  async function submit() {
    const problems = {
      name: nameProblem(name) ?? undefined,
      responseTargetSeconds: targetProblem(seconds) ?? undefined,
      queueId: queueId === '' ? 'Choose a queue' : undefined,
    };
    if (form.check(problems) || seconds === null) return;
    await form.submit(async () => {
      if (!channel) {
        await create({ variables: { input: { kind, name: name.trim(), responseTargetSeconds: seconds, queueId } } });
        onSaved(`Channel ${name.trim()} added: its new threads go to ${queues.find((queue) => queue.id === queueId)?.name ?? 'its queue'}.`);
        return;
      }
      // One change at a time, each the server's own use case; a refusal stops there, beside its field.
      if (name.trim() !== channel.name) await rename({ variables: { id: channel.id, name: name.trim() } });
      if (seconds !== channel.responseTargetSeconds) await setTarget({ variables: { channelId: channel.id, responseTargetSeconds: seconds } });
      if (queueId !== channel.queue.id) await setQueue({ variables: { channelId: channel.id, queueId } });
      onSaved(`Channel ${name.trim()} saved.`);
    });
  }

  return (
    <SettingsDialog
      title={channel ? `Edit channel ${channel.name}` : 'Add a channel'}
      onClose={onClose}
      form={form}
      onSubmit={submit}
      submitLabel={channel ? 'Save' : 'Add channel'}
      busyLabel="Saving…"
    >
      {channel ? null : (
        <Field label="Kind" error={form.errors.kind} hint="Several channels may share a kind: a second SMS number, another inbox.">
          {(control) => (
            <select {...control} className="field__input" data-autofocus value={kind} onChange={(event) => setKind(event.target.value as ChannelKind)}>
              {CHANNEL_KINDS.map((value) => (
                <option key={value} value={value}>
                  {channelLabel(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Name" error={form.errors.name} hint="Unique, ignoring case: it tells channels of one kind apart.">
        {(control) => (
          <input
            {...control}
            className="field__input"
            data-autofocus={channel ? true : undefined}
            value={name}
            placeholder={channel ? undefined : 'e.g. SMS support line'}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field
        label="Response target"
        error={targetError}
        hint={
          <>
            {seconds !== null && targetProblem(seconds) === null ? <strong>{formatTarget(seconds)}. </strong> : null}
            How soon a customer here expects an answer. It applies to messages that arrive from now on; customers already waiting keep their due times.
          </>
        }
      >
        {(control) => (
          <div className="settings-target">
            <input
              {...control}
              className="field__input settings-form__number"
              inputMode="decimal"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
            <label className="visually-hidden" htmlFor={unitId}>
              Unit
            </label>
            <select id={unitId} className="field__input" value={unit} onChange={(event) => setUnit(event.target.value as TargetUnit)}>
              {TARGET_UNITS.map((option) => (
                <option key={option.unit} value={option.unit}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </Field>
      <Field label="New threads go to" error={form.errors.queueId} hint={channel ? 'Threads already waiting stay in their queue.' : undefined}>
        {(control) => (
          <select {...control} className="field__input" value={queueId} onChange={(event) => setQueueId(event.target.value)}>
            {queues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </SettingsDialog>
  );
}
