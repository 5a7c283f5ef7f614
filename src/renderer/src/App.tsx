// The app shell: sidebar navigation, the current page, and the status bar.
import { useEffect } from 'react';
import { useApi } from './api/ApiContext';
import { AugmentPage } from './features/augment/AugmentPage';
import { DatasetsPage } from './features/datasets/DatasetsPage';
import { ExportPage } from './features/export/ExportPage';
import { InterpretPage } from './features/interpret/InterpretPage';
import { LabelPage } from './features/label/LabelPage';
import { PlaceholderPage } from './features/placeholder/PlaceholderPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { TrainPage } from './features/train/TrainPage';
import { KeyboardHelp } from './features/shell/KeyboardHelp';
import { Sidebar } from './features/shell/Sidebar';
import { StatusBar } from './features/shell/StatusBar';
import { usePageShortcuts } from './features/shell/usePageShortcuts';
import { pageInfo, type PageId } from './pages';
import { loadAppOverview, selectConnection, selectPage, useDeskfitStore } from './store';
import './styles/shell.css';

function Page({ page }: { page: PageId }) {
  switch (page) {
    case 'datasets':
      return <DatasetsPage />;
    case 'label':
      return <LabelPage />;
    case 'augment':
      return <AugmentPage />;
    case 'train':
      return <TrainPage />;
    case 'interpret':
      return <InterpretPage />;
    case 'export':
      return <ExportPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <PlaceholderPage page={pageInfo(page)} />;
  }
}

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
        {/* The Label page fills the window (its grid scrolls inside); the others read as a column. */}
        <div className={page === 'label' ? 'page page-full' : 'page'}>
          {connection.state === 'error' && (
            <p role="alert" className="alert connection-banner" data-testid="connection-error">
              {connection.message ?? 'The connection to deskfit serve failed.'}
            </p>
          )}
          <Page page={page} />
        </div>
      </main>
      <StatusBar />
      <KeyboardHelp />
    </div>
  );
}
