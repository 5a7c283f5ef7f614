// The keyboard help overlay: `?` opens it from anywhere except while typing in a field (or inside
// another dialog); Esc, `?` again or Close shut it. Lists the current page's keys first.
import { useEffect } from 'react';
import { pageInfo } from '../../pages';
import { selectPage, useDeskfitStore } from '../../store';
import { Modal } from '../common/Modal';
import { isTypingTarget } from '../common/typingTarget';
import { closeKeyboardHelp, toggleKeyboardHelp, useKeyboardHelpOpen } from './keyboardHelpState';
import { shortcutGroupsFor, type Shortcut } from './shortcuts';

/** Whether a key press means "help": `?` with no Ctrl/Alt/Meta, outside text fields. */
export function isHelpKey(event: KeyboardEvent): boolean {
  if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return false;
  return !isTypingTarget(event.target);
}

function Keys({ shortcut }: { shortcut: Shortcut }) {
  return (
    <>
      {shortcut.keys.map((combo, i) => (
        <span key={combo.join('+')} className="key-combo">
          {i > 0 && <span className="muted"> or </span>}
          {combo.map((key, j) => (
            <span key={key}>
              {j > 0 && <span className="muted">+</span>}
              <kbd>{key}</kbd>
            </span>
          ))}
        </span>
      ))}
    </>
  );
}

export function KeyboardHelp() {
  const open = useKeyboardHelpOpen();
  const page = useDeskfitStore(selectPage);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || !isHelpKey(event)) return;
      const otherDialog = document.querySelector('[aria-modal="true"]:not(.keyboard-help)');
      if (otherDialog !== null) return;
      event.preventDefault();
      toggleKeyboardHelp();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (!open) return null;
  const groups = shortcutGroupsFor(page);
  return (
    <Modal labelledBy="keyboard-help-title" className="keyboard-help" onClose={closeKeyboardHelp}>
      <div className="keyboard-help-head">
        <h2 id="keyboard-help-title">Keyboard shortcuts</h2>
        <span className="muted small-text">on the {pageInfo(page).title} page</span>
        <span className="spacer" />
        <button type="button" className="button small" onClick={closeKeyboardHelp} data-autofocus>
          Close
        </button>
      </div>
      <div className="keyboard-help-body">
        {groups.map((group) => (
          <section key={group.title} aria-label={group.title} className="shortcut-group">
            <h3>{group.title}</h3>
            <dl className="shortcut-list">
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.does} className="shortcut">
                  <dt>
                    <Keys shortcut={shortcut} />
                  </dt>
                  <dd>{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
