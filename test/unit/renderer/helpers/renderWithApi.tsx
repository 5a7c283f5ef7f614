// Renders a page or the whole app as the renderer runs it: the store bound to `api` (job events,
// reconnects) and `api` provided to the components. Returns the unbind to call after the test.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiProvider } from '../../../../src/renderer/src/api/ApiContext';
import { bindStoreToApi, type BindOptions } from '../../../../src/renderer/src/store';
import type { FakeApi } from './fakeApi';

export function renderWithApi(api: FakeApi, ui: ReactNode, options?: BindOptions): () => void {
  const unbind = bindStoreToApi(api, options);
  render(<ApiProvider api={api}>{ui}</ApiProvider>);
  return unbind;
}
