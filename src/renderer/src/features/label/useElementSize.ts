// The size of an element, followed with a ResizeObserver; `fallback` until it is measured (and where
// there is no ResizeObserver, as in jsdom).
import { useEffect, useState } from 'react';

export interface Size {
  width: number;
  height: number;
}

export function useElementSize(element: HTMLElement | null, fallback: Size): Size {
  const [size, setSize] = useState<Size | null>(null);
  useEffect(() => {
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const rect = entries[entries.length - 1]?.contentRect;
      if (rect === undefined) return;
      const next = { width: Math.floor(rect.width), height: Math.floor(rect.height) };
      setSize((prev) =>
        prev !== null && prev.width === next.width && prev.height === next.height ? prev : next,
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return size ?? fallback;
}
