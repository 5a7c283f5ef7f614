// Single-key shortcuts must not fire while the user types: in text fields, selects, editable text.
const nonTextInputs = new Set(['button', 'submit', 'reset', 'checkbox', 'image', 'file', 'color']);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !nonTextInputs.has(target.type);
  return false;
}

/** Elements whose own Enter/Space behaviour (press, toggle) must be left alone. */
export function isActivatable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.closest('button, a[href], summary, input, select, textarea, [role="button"]') !== null;
}
