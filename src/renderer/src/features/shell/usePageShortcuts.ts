// Alt+1…Alt+7 open the pages in sidebar order. Uses the physical digit key, so Option+digit on a
// Mac (which types a symbol) still works. Browsers may keep Alt+digit for switching tabs.
import { useEffect } from 'react';
import { pages } from '../../pages';
import { useDeskfitStore } from '../../store';

export function usePageShortcuts(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const match = /^Digit([1-9])$/.exec(event.code);
      if (match === null) return;
      const page = pages[Number(match[1]) - 1];
      if (page === undefined) return;
      event.preventDefault();
      useDeskfitStore.getState().goTo(page.id);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
