import { useEffect, useState } from 'react';

/** The keyboard selection (j / k): follows the thread opened beside the queue. */
export function useQueueSelection(rows: ReadonlyArray<{ id: string }>, selectedThreadId: string | null) {
  const [cursorId, setCursorId] = useState<string | null>(selectedThreadId);
  useEffect(() => {
    if (selectedThreadId) setCursorId(selectedThreadId);
  }, [selectedThreadId]);
  const cursorIndex = cursorId === null ? -1 : rows.findIndex((row) => row.id === cursorId);
  return { cursorId, cursorIndex, setCursorId };
}
