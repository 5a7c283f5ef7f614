/**
 * The `predict` job, run in the trainer process: load a saved model, list the images (the project's
 * test split, files and folders, or inline images), prepare each exactly as training does, predict
 * in batches (optionally with fastai's TTA), and write the CSV when asked. Images that cannot be
 * read are listed with their reason, never fatal; a cancel stops within one batch and writes
 * nothing.
 */
import { DeskfitError } from '../../../shared/errors';
import type { PredictParams } from '../../../shared/contract';
import { defaultAugSettings, type PredictionRow, type PredictResult } from '../../../shared/training';
import { requireField, type JobData } from '../../jobs/jobData';
import { JobCancelled, type JobContext } from '../../jobs/types';
import { augConfigFromSettings } from '../augment/fromSettings';
import { initBackend } from '../backend';
import { argmaxRows, splitRows } from '../metrics/predictionRows';
import { preparedBatches } from '../predict/inputBatches';
import { predictInputs, type SkippedInput } from '../predict/predictInputs';
import { writePredictionCsv } from '../predict/predictionCsv';
import { Predictor } from '../predict/predictor';
import { throttledProgress, yieldToEventLoop } from '../predict/progressThrottle';
import { ttaDefaults, type TtaSettings } from '../predict/tta';
import { loadModel } from './loadModel';

/** Rows returned with the result; the CSV has them all. */
export const maxResultRows = 5000;
export const predictBatchSize = 32;
/** TTA draws are seeded, so predicting the same images twice gives the same answer. */
export const ttaSeed = 0;

export interface PredictJobOptions {
  batchSize?: number;
  /** Least time between progress updates (default 100 ms: at most ten a second). */
  progressIntervalMs?: number;
}

function describeSource(params: PredictParams): string {
  const { source } = params;
  if ('split' in source) return 'the test split';
  if ('paths' in source) return source.paths.join(', ');
  return 'the images sent';
}

export function ttaSettings(data: JobData): TtaSettings {
  return {
    config: augConfigFromSettings(data.augmentation ?? defaultAugSettings),
    ...ttaDefaults,
    seed: ttaSeed,
  };
}

export async function runPredictJob(
  params: PredictParams,
  data: JobData,
  ctx: JobContext,
  options: PredictJobOptions = {},
): Promise<PredictResult> {
  await initBackend();
  const modelDir = requireField('predict', data, 'modelDir');
  let listed: { inputs: Awaited<ReturnType<typeof predictInputs>>['inputs']; skipped: SkippedInput[] };
  try {
    listed = await predictInputs(params.source, data.items, data.cacheDir, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) throw new JobCancelled();
    throw err;
  }
  const { inputs, skipped } = listed;
  if (inputs.length === 0) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `No images to predict in ${describeSource(params)}${skipped.length > 0 ? ` (${skipped.length} files skipped, e.g. ${skipped[0]?.name}: ${skipped[0]?.reason})` : ''}.`,
      { skipped: skipped.slice(0, 100) },
    );
  }
  const loaded = await loadModel(modelDir);
  try {
    const predictor = new Predictor(
      loaded.model,
      loaded.stats,
      loaded.inputSize,
      params.tta ? ttaSettings(data) : undefined,
    );
    const rows: PredictionRow[] = [];
    const failed = skipped.map(({ name, reason }) => ({ name, reason }));
    const progress = throttledProgress(ctx, options.progressIntervalMs);
    const total = inputs.length;
    const started = performance.now();
    let done = 0;
    progress({ step: 0, total, message: 'predict' });
    for await (const batch of preparedBatches(
      inputs,
      loaded.inputSize,
      options.batchSize ?? predictBatchSize,
    )) {
      if (ctx.signal.aborted) throw new JobCancelled();
      for (const f of batch.failed) failed.push({ name: f.input.name, reason: f.reason });
      if (batch.inputs.length > 0) {
        const { probs, nClasses } = await predictor.predict(batch.pixels, batch.inputs.length);
        const probRows = splitRows(probs, nClasses);
        const best = argmaxRows(probRows);
        batch.inputs.forEach((input, k) => {
          const row = probRows[k]!;
          const b = best[k] ?? 0;
          rows.push({
            name: input.name,
            ...(input.itemId !== undefined ? { itemId: input.itemId } : {}),
            ...(input.hash !== undefined ? { hash: input.hash } : {}),
            prediction: loaded.classes[b] ?? '',
            probability: row[b] ?? Number.NaN,
            probs: Array.from(row),
          });
        });
      }
      done += batch.covered;
      const seconds = (performance.now() - started) / 1000;
      progress({
        step: done,
        total,
        message: 'predict',
        metrics: { imagesPerSecond: seconds > 0 ? rows.length / seconds : 0, failed: failed.length },
      });
      await yieldToEventLoop();
    }
    if (ctx.signal.aborted) throw new JobCancelled();
    const csv = params.csv ? await writePredictionCsv(params.csv, loaded.classes, rows) : undefined;
    return {
      classes: loaded.classes,
      predicted: rows.length,
      ...(csv !== undefined ? { csv } : {}),
      rows: rows.slice(0, maxResultRows),
      failed,
    };
  } finally {
    loaded.dispose();
  }
}
