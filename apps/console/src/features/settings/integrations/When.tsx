import { formatFullDateTime } from '../../thread/conversation';
import { relativeTime } from './relative-time';

/** A moment as "5 minutes ago", with the full date and time on hover. */
export function When({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatFullDateTime(at)}>
      {relativeTime(at)}
    </time>
  );
}
