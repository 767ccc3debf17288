import { useEffect, useState } from 'react';
import { isTypingTarget, modalOpen } from '../../ui/keyboard';

/** The "?" help: open from anywhere but a field or another dialog. */
export function useShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !isTypingTarget(event.target) && !modalOpen()) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [open, setOpen] as const;
}
