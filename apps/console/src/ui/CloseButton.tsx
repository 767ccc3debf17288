/** The × that closes a pane (Esc does the same). */
export function CloseButton({ onClose }: { onClose(): void }) {
  return (
    <button type="button" className="thread__close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
      <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
    </button>
  );
}
