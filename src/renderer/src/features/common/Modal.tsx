// A modal dialog: focus moves in when it opens and back when it closes, Tab stays inside, Escape and
// a click on the backdrop close it. A plain element with role="dialog" (jsdom has no showModal).
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './common.css';

const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusableSelector)];
}

export interface ModalProps {
  /** The accessible name, when no visible heading gives one (else use `labelledBy`). */
  label?: string;
  labelledBy?: string;
  describedBy?: string;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  onClose(): void;
  /** Where focus goes on open: the first control (or `[data-autofocus]`), or the dialog itself. */
  initialFocus?: 'control' | 'dialog';
  /** Keys the dialog handles itself (after Escape and Tab). */
  onKeyDown?(event: KeyboardEvent<HTMLDivElement>): void;
  children: ReactNode;
}

export function Modal({
  label,
  labelledBy,
  describedBy,
  role = 'dialog',
  className,
  initialFocus = 'control',
  onClose,
  onKeyDown,
  children,
}: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (root === null) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first =
      initialFocus === 'dialog'
        ? root
        : (root.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(root)[0] ?? root);
    first.focus();
    return () => {
      if (before !== null && before.isConnected) before.focus();
    };
    // Focus moves in once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key === 'Tab' && ref.current !== null) {
      const items = focusables(ref.current);
      const first = items[0];
      const last = items[items.length - 1];
      if (first === undefined || last === undefined) {
        event.preventDefault();
        return;
      }
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    onKeyDown?.(event);
  }

  return (
    <div
      className="modal-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-label={label}
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={className === undefined ? 'modal' : `modal ${className}`}
        onKeyDown={handleKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
