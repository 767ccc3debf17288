import { typingText } from './conversation';

/** "Ben is typing…" under the conversation; the line stays (empty) so the layout does not jump. */
export function TypingIndicator({ names }: { names: readonly string[] }) {
  const line = typingText(names);
  return (
    <div className="thread__typing" aria-live="polite">
      {line ? (
        <>
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {line}
        </>
      ) : null}
    </div>
  );
}
