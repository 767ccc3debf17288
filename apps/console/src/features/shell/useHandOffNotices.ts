import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveEvents } from '../../app/live';
import type { Toast } from '../../ui/Toasts';
import { useDocumentTitleCount } from '../../ui/useDocumentTitle';
import { handOffNotice, handOffTitle, type HandOffNotice } from './handoff-notices';

/** The most toasts shown at once; older hand-offs are in the queue's "Mine" anyway. */
const MAX_TOASTS = 3;

/** A browser notification when the agent allowed them and is looking elsewhere (the toast covers the rest). */
function notifyBrowser(notice: HandOffNotice, open: (threadId: string) => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
  const notification = new Notification(handOffTitle(notice), { body: notice.note ?? undefined, tag: `handoff-${notice.threadId}` });
  notification.onclick = () => {
    window.focus();
    open(notice.threadId);
    notification.close();
  };
}

/**
 * Threads handed to me: a toast each (with the note and an Open button), a count of the ones not
 * seen yet in the tab's title, and a browser notification when allowed. Opening the thread or
 * dismissing its toast settles it; coming back to the tab counts as having seen them all.
 */
export function useHandOffNotices(meId: string | null, openThreadId: string | null, open: (threadId: string) => void) {
  const [notices, setNotices] = useState<HandOffNotice[]>([]);
  const [unseen, setUnseen] = useState<string[]>([]);
  const current = useRef({ openThreadId, open });
  current.current = { openThreadId, open };

  useLiveEvents(
    useCallback(
      (event) => {
        if (!meId) return;
        const notice = handOffNotice(event, meId);
        if (!notice) return;
        setNotices((list) => (list.some((n) => n.id === notice.id) ? list : [...list.filter((n) => n.threadId !== notice.threadId), notice].slice(-MAX_TOASTS)));
        setUnseen((ids) => (ids.includes(notice.id) ? ids : [...ids, notice.id]));
        notifyBrowser(notice, (threadId) => current.current.open(threadId));
      },
      [meId],
    ),
  );

  const dismiss = useCallback((id: string) => {
    setNotices((list) => list.filter((n) => n.id !== id));
    setUnseen((ids) => ids.filter((other) => other !== id));
  }, []);

  // Opening a handed thread, however it was opened (toast, queue, link), settles its notice.
  useEffect(() => {
    const settled = notices.filter((n) => n.threadId === openThreadId).map((n) => n.id);
    if (settled.length === 0) return;
    setNotices((list) => list.filter((n) => !settled.includes(n.id)));
    setUnseen((ids) => ids.filter((id) => !settled.includes(id)));
  }, [openThreadId, notices]);

  useEffect(() => {
    const seen = () => {
      if (document.visibilityState === 'visible') setUnseen([]);
    };
    window.addEventListener('focus', seen);
    return () => window.removeEventListener('focus', seen);
  }, []);

  useDocumentTitleCount(unseen.length);

  const toasts: Toast[] = notices.map((notice) => ({
    id: notice.id,
    title: handOffTitle(notice),
    quote: notice.note,
    action: { label: 'Open', onClick: () => current.current.open(notice.threadId) },
  }));
  return { toasts, dismiss, unseen: unseen.length };
}
