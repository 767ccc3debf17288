import { useCallback, useEffect, useState, type RefObject } from 'react';

/** Rows rendered above and below the viewport, so fast scrolling shows no blank strip. */
const OVERSCAN = 6;
/** Used before layout (and in jsdom, which has none). */
const FALLBACK_HEIGHT = 800;

/**
 * Fixed-height windowing: only the rows in view (plus a few) are mounted, each positioned by its
 * index, inside a spacer as tall as the whole list.
 */
export function useWindowedRows(scroller: RefObject<HTMLElement | null>, count: number, rowHeight: number) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight || FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);

  const onScroll = useCallback(() => setScrollTop(scroller.current?.scrollTop ?? 0), [scroller]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scroller.current;
      if (!element) return;
      const top = index * rowHeight;
      const viewport = element.clientHeight || FALLBACK_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + viewport) element.scrollTop = top + rowHeight - viewport;
    },
    [scroller, rowHeight],
  );

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  return { start, end, totalHeight: count * rowHeight, onScroll, scrollToIndex };
}
