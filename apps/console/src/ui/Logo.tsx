export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className={compact ? 'logo logo--compact' : 'logo'}>
      <svg className="logo__mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="2" y="2" width="20" height="20" rx="6" fill="currentColor" />
        <path d="M7 9h10M7 12h6M7 15h8" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <span className="logo__word">Switchboard</span>
    </span>
  );
}
