import type { ChannelKind } from '@switchboard/schema';
import { channelLabel } from './conversation';
import type { ComposerMode } from './useComposer';

interface ComposerBarProps {
  mode: ComposerMode;
  onMode(mode: ComposerMode): void;
  channels: readonly ChannelKind[];
  channelKind: ChannelKind;
  onChannel(kind: ChannelKind): void;
  /** The customer's address on the chosen channel, when known. */
  address: string | null;
}

/** Reply or internal note; for a reply, the channel it goes out on and to which address. */
export function ComposerBar({ mode, onMode, channels, channelKind, onChannel, address }: ComposerBarProps) {
  return (
    <div className="composer__bar">
      <div className="composer__modes" role="group" aria-label="Message type">
        <button type="button" className="composer__mode" aria-pressed={mode === 'reply'} onClick={() => onMode('reply')}>
          Reply
        </button>
        <button type="button" className="composer__mode composer__mode--note" aria-pressed={mode === 'note'} onClick={() => onMode('note')}>
          Internal note
        </button>
      </div>
      {mode === 'reply' ? (
        <label className="composer__channel">
          <span className="composer__channel-label">via</span>
          <select aria-label="Channel" value={channelKind} onChange={(event) => onChannel(event.target.value as ChannelKind)}>
            {channels.map((kind) => (
              <option key={kind} value={kind}>
                {channelLabel(kind)}
              </option>
            ))}
          </select>
          {address ? <span className="composer__address">to {address}</span> : null}
        </label>
      ) : (
        <span className="composer__note-hint">Only agents see notes</span>
      )}
    </div>
  );
}
