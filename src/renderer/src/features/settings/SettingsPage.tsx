// Settings: the live backend, the self-test, why each backend candidate was (not) used, app versions.
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  loadAppOverview,
  selectAppError,
  selectAppInfo,
  selectAppLoading,
  selectDoctor,
  useDeskfitStore,
} from '../../store';
import { AboutPanel } from './AboutPanel';
import { CandidatesPanel, LiveBackendPanel } from './BackendPanel';
import { SelftestPanel } from './SelftestPanel';
import './settings.css';

export function SettingsPage() {
  const api = useApi();
  const doctor = useDeskfitStore(selectDoctor);
  const info = useDeskfitStore(selectAppInfo);
  const loading = useDeskfitStore(selectAppLoading);
  const error = useDeskfitStore(selectAppError);

  useEffect(() => {
    // Always ask again on open: the backend report can change between visits (e.g. after a restart).
    void loadAppOverview(api);
  }, [api]);

  return (
    <>
      <h1>Settings</h1>
      {error !== null && (
        <div className="load-error">
          <p role="alert" className="alert">
            Could not load the backend report: {error.message}
          </p>
          <button
            type="button"
            className="button"
            disabled={loading}
            onClick={() => void loadAppOverview(api)}
          >
            Retry
          </button>
        </div>
      )}
      {doctor === null && loading && (
        <p className="muted" aria-busy="true">
          Checking the compute backends…
        </p>
      )}
      {doctor !== null && <LiveBackendPanel doctor={doctor} />}
      <SelftestPanel />
      {doctor !== null && <CandidatesPanel doctor={doctor} />}
      {info !== null && <AboutPanel info={info} />}
    </>
  );
}
