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
  onJoin(): void;
  joining: boolean;
}

/** Why the last send failed (with "Join now" when joining is the fix), or the send shortcut; and Send. */
export function ComposerFooter({ feedbackId, error, mode, canSend, onJoin, joining }: ComposerFooterProps) {
  const needsJoin = error?.code === ErrorCode.NOT_A_PARTICIPANT;
  return (
    <div className="composer__footer">
      <div className="composer__feedback" id={feedbackId} role={error ? 'alert' : undefined}>
        {error ? (
          <span className={needsJoin ? 'composer__hint' : 'composer__error'}>
            {error.message}
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
      <Button type="submit" variant="primary" disabled={!canSend}>
        {mode === 'note' ? 'Add note' : 'Send'}
      </Button>
    </div>
  );
}
