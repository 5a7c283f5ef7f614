// The app shell: sidebar navigation, the current page, and the status bar.
import { useEffect } from 'react';
import { useApi } from './api/ApiContext';
import { PlaceholderPage } from './features/placeholder/PlaceholderPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { Sidebar } from './features/shell/Sidebar';
import { StatusBar } from './features/shell/StatusBar';
import { usePageShortcuts } from './features/shell/usePageShortcuts';
import { pageInfo } from './pages';
import { loadAppOverview, selectConnection, selectPage, useDeskfitStore } from './store';
import './styles/shell.css';

export function App() {
  const api = useApi();
  const page = useDeskfitStore(selectPage);
  const connection = useDeskfitStore(selectConnection);
  usePageShortcuts();

  useEffect(() => {
    // The status bar names the live backend on every page, so ask once at start-up.
    void loadAppOverview(api);
  }, [api]);

  return (
    <div className="shell">
      <Sidebar />
      <main className="shell-main" id="main">
        <div className="page">
          {connection.state === 'error' && (
            <p role="alert" className="alert connection-banner" data-testid="connection-error">
              {connection.message ?? 'The connection to deskfit serve failed.'}
            </p>
          )}
          {page === 'settings' ? <SettingsPage /> : <PlaceholderPage page={pageInfo(page)} />}
        </div>
      </main>
      <StatusBar />
    </div>
  );
}
