// Datasets: the project bar and the import flow (scan, preview, import, summary with problems).
import { useFolderChooser } from '../common/useFolderChooser';
import { ImportPanel } from './ImportPanel';
import { ProjectBar } from './ProjectBar';
import './datasets.css';

export function DatasetsPage() {
  const chooser = useFolderChooser();
  return (
    <>
      <h1>Datasets</h1>
      <ProjectBar chooser={chooser} />
      <ImportPanel chooser={chooser} />
      {chooser.dialog}
    </>
  );
}
