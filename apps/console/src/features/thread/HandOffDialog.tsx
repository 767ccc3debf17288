import type { ThreadDetailFragment } from '@switchboard/schema';
import { useId } from 'react';
import { Button } from '../../ui/Button';
import { Modal } from '../../ui/Modal';
import { HandOffTargets } from './HandOffTargets';
import { useHandOff } from './useHandOff';

/** Hands the thread to an agent of its queue or to a queue, with a note for the next person. */
export function HandOffDialog({ thread, onClose }: { thread: ThreadDetailFragment; onClose(): void }) {
  const form = useHandOff(thread, onClose);
  const titleId = useId();
  const noteId = useId();

  return (
    <Modal className="handoff" backdropClassName="handoff__backdrop" labelledBy={titleId} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit();
        }}
      >
        <header className="handoff__header">
          <h2 id={titleId} className="handoff__title">
            Hand off thread
          </h2>
          <p className="handoff__subtitle">
            {thread.customer.name}
            {thread.subject ? ` · ${thread.subject}` : ''}
          </p>
        </header>

        <div className="handoff__body">
          {form.loading ? <p className="handoff__loading">Loading agents…</p> : null}
          {form.loadFailed ? (
            <p className="notice notice--error" role="alert">
              Could not load agents and queues.
            </p>
          ) : null}
          {form.loaded ? <HandOffTargets thread={thread} agents={form.agents} queues={form.queues} target={form.target} onTarget={form.setTarget} /> : null}

          <div className="field">
            <label className="field__label" htmlFor={noteId}>
              Note
            </label>
            <textarea
              id={noteId}
              className="field__input handoff__note"
              rows={3}
              placeholder="What should they know? (added to the conversation)"
              value={form.note}
              onChange={(event) => form.setNote(event.target.value)}
            />
          </div>

          {form.error ? (
            <p className="notice notice--error" role="alert">
              {form.error.message}
            </p>
          ) : null}
        </div>

        <footer className="handoff__footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={!form.target || form.sending}>
            Hand off
          </Button>
        </footer>
      </form>
    </Modal>
  );
}
