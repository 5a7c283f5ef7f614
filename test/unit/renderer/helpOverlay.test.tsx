import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/renderer/src/App';
import { closeKeyboardHelp } from '../../../src/renderer/src/features/shell/keyboardHelpState';
import { pageShortcuts, shortcutGroupsFor } from '../../../src/renderer/src/features/shell/shortcuts';
import { resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { shellHandlers } from './helpers/fixtures';

let api: FakeApi;
let unbind: () => void;

async function renderApp(): Promise<void> {
  unbind = renderWithApi(api, <App />);
  await act(async () => {});
}

const help = () => screen.queryByRole('dialog', { name: 'Keyboard shortcuts' });
const press = (target: Element, key: string, init: Partial<KeyboardEventInit> = {}) =>
  act(() => {
    fireEvent.keyDown(target, { key, ...init });
  });

beforeEach(() => {
  resetDeskfitStore();
  api = new FakeApi({ ...shellHandlers });
});
afterEach(() => {
  cleanup();
  unbind();
  act(() => closeKeyboardHelp());
  document.body.innerHTML = '';
});

describe('keyboard help overlay', () => {
  it('opens on ?, lists the page shortcuts and each page’s keys, and Esc closes it', async () => {
    await renderApp();
    expect(help()).toBeNull();
    press(document.body, '?', { shiftKey: true });
    const dialog = help();
    expect(dialog).not.toBeNull();
    const groups = within(dialog!)
      .getAllByRole('region')
      .map((r) => r.getAttribute('aria-label'));
    expect(groups).toEqual(['Everywhere', 'Label page', 'Interpret page (on an image card: click it first)']);
    expect(dialog!.textContent).toContain('Open a page, in sidebar order');
    expect(dialog!.textContent).toContain('Give the selected images the class with that number');
    expect(dialog!.textContent).toContain('Exclude it from training, or include it again');
    press(document.activeElement ?? dialog!, 'Escape');
    expect(help()).toBeNull();
  });

  it('puts the current page’s keys first', async () => {
    await renderApp();
    act(() => useDeskfitStore.getState().goTo('label'));
    press(document.body, '?');
    const first = within(help()!).getAllByRole('region')[0];
    expect(first?.getAttribute('aria-label')).toBe('Label page');
    expect(shortcutGroupsFor('settings')[0]).toBe(shortcutGroupsFor('datasets')[0]);
    expect(shortcutGroupsFor('interpret')[0]).toBe(pageShortcuts.interpret);
  });

  it('does not open while typing in a field, or with Ctrl', async () => {
    await renderApp();
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    document.body.append(input, area);
    input.focus();
    press(input, '?', { shiftKey: true });
    press(area, '?', { shiftKey: true });
    press(document.body, '?', { ctrlKey: true });
    expect(help()).toBeNull();
    // A checkbox is not a text field.
    const box = document.createElement('input');
    box.type = 'checkbox';
    document.body.append(box);
    press(box, '?', { shiftKey: true });
    expect(help()).not.toBeNull();
  });

  it('toggles with ? and opens from the status bar button', async () => {
    await renderApp();
    press(document.body, '?');
    expect(help()).not.toBeNull();
    press(help()!, '?');
    expect(help()).toBeNull();
    fireEvent.click(within(screen.getByRole('contentinfo')).getByRole('button', { name: 'Shortcuts' }));
    expect(help()).not.toBeNull();
    fireEvent.click(within(help()!).getByRole('button', { name: 'Close' }));
    expect(help()).toBeNull();
  });
});
