import { ErrorCode } from '@switchboard/schema';
import { Button } from '../../ui/Button';
import type { ActionError } from './thread-errors';
import type { ComposerMode } from './useComposer';

interface ComposerFooterProps {
  /** The id the textarea's aria-describedby points at while there is an error. */
  feedbackId: string;
  error: ActionError | null;
  mode: ComposerMode;
  canSend: boolean;
  /** Whether I may reply (owner, collaborator, supervisor); notes are any member's. */
  participant: boolean;
  onJoin(): void;
  joining: boolean;
}

/** Why the last send failed (with "Join now" when joining is the fix), or the send shortcut; and Send. */
export function ComposerFooter({ feedbackId, error, mode, canSend, participant, onJoin, joining }: ComposerFooterProps) {
  // Said before anyone types, so Send never looks ready for a reply the server would refuse.
  const mustJoin = mode === 'reply' && !participant;
  const needsJoin = error?.code === ErrorCode.NOT_A_PARTICIPANT || (mustJoin && !error);
  return (
    <div className="composer__footer">
      <div className="composer__feedback" id={feedbackId} role={error ? 'alert' : undefined}>
        {error || mustJoin ? (
          <span className={needsJoin ? 'composer__hint' : 'composer__error'}>
            {error ? error.message : 'Join the thread to reply (or write an internal note)'}
            {needsJoin ? (
              <Button variant="ghost" className="composer__join" onClick={onJoin} disabled={joining}>
                Join now
              </Button>
            ) : null}
          </span>
        ) : (
          <span className="composer__keys">
            <kbd>Ctrl</kbd> + <kbd>Enter</kbd> to send
          </span>
        )}
      </div>
      <Button type="submit" variant="primary" disabled={!canSend || mustJoin}>
        {mode === 'note' ? 'Add note' : 'Send'}
      </Button>
    </div>
  );
}
