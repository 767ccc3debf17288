import type { ThreadDetailFragment } from '@switchboard/schema';
import { useId, useImperativeHandle, useRef, type Ref } from 'react';
import { ComposerBar } from './ComposerBar';
import { ComposerFooter } from './ComposerFooter';
import { useComposer, type ComposerMode } from './useComposer';

/** What the thread's shortcuts do with the composer. */
export interface ComposerHandle {
  /** Switches to `mode` and puts the caret in the box. */
  write(mode: ComposerMode): void;
}

interface ComposerProps {
  thread: ThreadDetailFragment;
  handle: Ref<ComposerHandle>;
  /** Owner, collaborator or supervisor: a "join first" hint no longer applies. */
  participant: boolean;
  onJoin(): void;
  joining: boolean;
}

export function Composer({ thread, handle, participant, onJoin, joining }: ComposerProps) {
  const draft = useComposer(thread, participant);
  const box = useRef<HTMLTextAreaElement>(null);
  const { setMode } = draft;
  useImperativeHandle(handle, () => ({
    write: (mode) => {
      setMode(mode);
      box.current?.focus();
    },
  }), [setMode]);
  const hintId = useId();
  const note = draft.mode === 'note';

  return (
    <form
      className={`composer composer--${draft.mode}`}
      aria-label="Compose"
      onSubmit={(event) => {
        event.preventDefault();
        void draft.submit();
      }}
    >
      <ComposerBar
        mode={draft.mode}
        onMode={draft.setMode}
        channels={draft.channels}
        channelKind={draft.channelKind}
        onChannel={draft.setChannelKind}
        address={draft.address}
      />
      <textarea
        ref={box}
        className="composer__input"
        aria-label={note ? 'Internal note' : 'Reply'}
        aria-describedby={draft.error || (!participant && !note) ? hintId : undefined}
        placeholder={note ? 'Write a note for your team…' : `Reply to ${thread.customer.name}…`}
        rows={3}
        value={draft.body}
        onChange={(event) => draft.edit(event.target.value)}
        onBlur={() => draft.stopTyping()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // First Esc leaves the box; the next one (outside it) closes the thread.
            event.stopPropagation();
            event.currentTarget.blur();
          } else if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            void draft.submit();
          }
        }}
      />
      <ComposerFooter feedbackId={hintId} error={draft.error} mode={draft.mode} canSend={draft.text !== '' && !draft.sending} participant={participant} onJoin={onJoin} joining={joining} />
    </form>
  );
}
