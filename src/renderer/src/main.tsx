// Entry point: pick the transport, feed the store from it, render the app (or say why we cannot).
import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiContext';
import { MissingTokenError, getApi, getStatusSource } from './api/bridge';
import { App } from './App';
import { MissingTokenScreen } from './features/shell/MissingTokenScreen';
import { bindStoreToApi } from './store';
import './styles/global.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);

try {
  const api = getApi();
  bindStoreToApi(api, { statusSource: getStatusSource() });
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
} catch (err) {
  if (!(err instanceof MissingTokenError)) throw err;
  root.render(
    <StrictMode>
      <MissingTokenScreen />
    </StrictMode>,
  );
}
