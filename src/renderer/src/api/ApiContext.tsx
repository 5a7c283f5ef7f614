/**
 * Hands the Api to components without a global, so tests render pages with a fake one.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Api } from '../../../shared/contract';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi() needs an <ApiProvider> above it.');
  return api;
}
