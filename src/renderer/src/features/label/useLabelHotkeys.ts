// Page-wide keyboard for the Label page (like Label Studio: no need to focus the grid first), quiet
// while the user types in a field or a dialog is open (the large view handles its own keys).
import { useEffect } from 'react';
import type { Api } from '../../../../shared/contract';
import { isActivatable, isTypingTarget } from '../common/typingTarget';
import { hotkeyAction, performHotkey } from './hotkeys';

export function useLabelHotkeys(api: Api): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (document.querySelector('[aria-modal="true"]') !== null) return;
      const action = hotkeyAction(event);
      if (action === null) return;
      // Enter and Space keep their meaning on buttons and links.
      if ((action.type === 'open' || action.type === 'toggle') && isActivatable(event.target)) return;
      event.preventDefault();
      performHotkey(api, action);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [api]);
}
