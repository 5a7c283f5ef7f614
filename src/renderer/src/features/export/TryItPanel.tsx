// "Try it", like Lobe's Play: drop an image (or pick some) and see the model's top three classes with
// bars. The images go to the service inline, within the contract's limits; refused files are named.
import { useState, type DragEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import { isFlowActive, predictDropped, selectPredictions, useDeskfitStore, type TryImage } from '../../store';
import type { PredictResult } from '../../../../shared/training';
import { formatPercent, topClasses } from '../interpret/interpretMath';
import { JobErrorNotice } from '../interpret/Notices';
import { MAX_TRY_FILES, checkTryFiles, readAsDataUrl, uniqueNames } from './tryFiles';

function TryResults({ images, result }: { images: TryImage[]; result: PredictResult }) {
  const byName = new Map(result.rows.map((row) => [row.name, row]));
  const failed = new Map(result.failed.map((f) => [f.name, f.reason]));
  return (
    <ul className="try-results" aria-label="Try it results">
      {images.map((image) => {
        const row = byName.get(image.name);
        const reason = failed.get(image.name);
        const top = row === undefined ? [] : topClasses(result.classes, row.probs, 3);
        return (
          <li key={image.name} className="try-card" data-testid="try-result" data-name={image.name}>
            <img className="try-preview" src={image.preview} alt={image.name} />
            <div className="try-body">
              <p className="try-name" title={image.name}>
                {image.name}
              </p>
              {row !== undefined ? (
                <ol className="top-classes" aria-label={`Top predictions for ${image.name}`}>
                  {top.map((c, i) => (
                    <li key={c.name} className={i === 0 ? 'top-class first' : 'top-class'}>
                      <span className="top-name">{c.name}</span>
                      <span className="prob-bar" aria-hidden="true">
                        <span className="prob-fill" style={{ width: `${c.probability * 100}%` }} />
                      </span>
                      <span className="prob-text">{formatPercent(c.probability)}</span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="alert small-text">{reason ?? 'No prediction came back for this image.'}</p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function TryItPanel({ disabled }: { disabled: boolean }) {
  const api = useApi();
  const { tryIt } = useDeskfitStore(selectPredictions);
  const [refused, setRefused] = useState<string[]>([]);
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const active = isFlowActive(tryIt.flow.phase) || reading;

  async function tryFiles(list: FileList | null): Promise<void> {
    if (list === null || list.length === 0 || disabled || active) return;
    const { accepted, refused: why } = checkTryFiles([...list]);
    setRefused(why);
    if (accepted.length === 0) return;
    setReading(true);
    try {
      const names = uniqueNames(accepted.map((f) => f.name));
      const read = await Promise.all(accepted.map((file) => readAsDataUrl(file)));
      const images = read.map((r, i) => ({
        name: names[i] ?? `image ${i + 1}`,
        preview: r.dataUrl,
        base64: r.base64,
      }));
      void predictDropped(api, images);
    } catch (err) {
      setRefused([...why, `Could not read the dropped files: ${(err as Error).message}`]);
    } finally {
      setReading(false);
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setOver(false);
    void tryFiles(event.dataTransfer.files);
  }

  return (
    <section className="panel" aria-labelledby="try-heading">
      <h2 id="try-heading">Try it</h2>
      <div
        className={over ? 'try-drop drag-over' : 'try-drop'}
        data-testid="try-drop-zone"
        aria-disabled={disabled || active}
        aria-describedby="try-help"
        onDragEnter={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setOver(false);
        }}
        onDrop={onDrop}
      >
        <p className="try-lead">Drop images here to see what the model says</p>
        <p id="try-help" className="muted small-text">
          Up to {MAX_TRY_FILES} images at a time, 20 MB each. They are not added to the project.
        </p>
        <label className={disabled || active ? 'button disabled-label' : 'button'}>
          Choose images…
          <input
            type="file"
            className="visually-hidden"
            accept="image/*"
            multiple
            data-testid="try-file-input"
            disabled={disabled || active}
            onChange={(e) => {
              void tryFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {refused.length > 0 && (
        <div role="alert" className="alert try-refused" data-testid="try-refused">
          <ul>
            {refused.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      {active && (
        <p className="muted" aria-busy="true" role="status">
          {reading
            ? 'Reading the images…'
            : `Predicting ${tryIt.images.length} ${tryIt.images.length === 1 ? 'image' : 'images'}…`}
        </p>
      )}
      {tryIt.flow.error !== null && !active && (
        <JobErrorNotice error={tryIt.flow.error} action="the prediction" />
      )}
      {tryIt.result !== null && !active && <TryResults images={tryIt.images} result={tryIt.result} />}
    </section>
  );
}
