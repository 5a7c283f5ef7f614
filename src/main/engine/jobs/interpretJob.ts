/**
 * The `interpret` job, run in the trainer process: the trained model predicts every validation
 * item (optionally with fastai's TTA over the training augmentation), and the result — confusion
 * matrix, most confused pairs, top losses with item ids, accuracy, loss, every item — is returned
 * and saved in the run folder for the Interpret page. Project labels are matched to the model's
 * classes by name, so a class added after training does not shift the others.
 */
import { DeskfitError } from '../../../shared/errors';
import type { InterpretParams } from '../../../shared/contract';
import { InterpretResultSchema, type InterpretResult } from '../../../shared/training';
import { requireField, type JobData } from '../../jobs/jobData';
import { JobCancelled, type JobContext } from '../../jobs/types';
import { runInterpretFile } from '../../runs/runLayout';
import { writeJsonAtomically } from '../../runs/runStore';
import { initBackend } from '../backend';
import type { TrainingItem } from '../data/datasetSpec';
import { buildInterpretation } from '../interpret/interpretation';
import { splitRows } from '../metrics/predictionRows';
import { preparedBatches } from '../predict/inputBatches';
import type { PredictInput } from '../predict/predictInputs';
import { prepareItemImage } from '../predict/prepareImage';
import { Predictor } from '../predict/predictor';
import { throttledProgress, yieldToEventLoop } from '../predict/progressThrottle';
import { loadModel } from './loadModel';
import { predictBatchSize, ttaSettings } from './predictJob';

export interface InterpretJobOptions {
  batchSize?: number;
  /** Least time between progress updates (default 100 ms). */
  progressIntervalMs?: number;
}

export async function runInterpretJob(
  params: InterpretParams,
  data: JobData,
  ctx: JobContext,
  options: InterpretJobOptions = {},
): Promise<InterpretResult> {
  await initBackend();
  const dataset = requireField('interpret', data, 'dataset');
  const modelDir = requireField('interpret', data, 'modelDir');
  if (dataset.valid.length === 0) {
    throw new DeskfitError(
      'BAD_REQUEST',
      'The validation set is empty, and interpretation looks at validation images. Move some labelled images to the valid split on the Label page.',
    );
  }
  const loaded = await loadModel(modelDir);
  try {
    const modelIndex = new Map(loaded.classes.map((name, i) => [name, i]));
    const targetOf = new Map<number, number>();
    const inputs: PredictInput[] = [];
    let unknownClass = 0;
    for (const item of dataset.valid) {
      const target = modelIndex.get(dataset.classes[item.label] ?? '');
      if (target === undefined) {
        unknownClass += 1;
        continue;
      }
      targetOf.set(item.id, target);
      inputs.push(validInput(item, dataset.cacheDir));
    }
    if (inputs.length === 0) {
      throw new DeskfitError(
        'BAD_REQUEST',
        `None of the validation images has a class this model knows (model: ${loaded.classes.join(', ')}; project: ${dataset.classes.join(', ')}). Train a new model.`,
      );
    }
    const predictor = new Predictor(
      loaded.model,
      loaded.stats,
      loaded.inputSize,
      params.tta ? ttaSettings(data) : undefined,
    );
    const progress = throttledProgress(ctx, options.progressIntervalMs);
    const itemIds: number[] = [];
    const targets: number[] = [];
    const probs: Float32Array[] = [];
    const losses: number[] = [];
    const failed: string[] = [];
    let done = 0;
    progress({ step: 0, total: inputs.length, message: 'interpret' });
    for await (const batch of preparedBatches(
      inputs,
      loaded.inputSize,
      options.batchSize ?? predictBatchSize,
    )) {
      if (ctx.signal.aborted) throw new JobCancelled();
      for (const f of batch.failed) failed.push(`${f.input.name}: ${f.reason}`);
      if (batch.inputs.length > 0) {
        const out = await predictor.predict(batch.pixels, batch.inputs.length);
        const probRows = splitRows(out.probs, out.nClasses);
        batch.inputs.forEach((input, k) => {
          const id = input.itemId ?? -1;
          const target = targetOf.get(id) ?? 0;
          itemIds.push(id);
          targets.push(target);
          probs.push(Float32Array.from(probRows[k]!));
          losses.push(-(out.logProbs[k * out.nClasses + target] ?? Number.NaN));
        });
      }
      done += batch.covered;
      progress({ step: done, total: inputs.length, message: 'interpret' });
      await yieldToEventLoop();
    }
    if (ctx.signal.aborted) throw new JobCancelled();
    if (itemIds.length === 0) {
      throw new DeskfitError('BAD_REQUEST', `No validation image could be read: ${failed[0] ?? ''}`);
    }
    if (failed.length > 0 || unknownClass > 0) {
      const parts = [
        ...(failed.length > 0 ? [`${failed.length} unreadable (${failed[0]})`] : []),
        ...(unknownClass > 0 ? [`${unknownClass} of classes the model was not trained on`] : []),
      ];
      ctx.progress({ step: done, total: inputs.length, message: `Left out ${parts.join(' and ')}.` });
    }
    const result = buildInterpretation({
      runId: data.runId ?? '',
      classes: loaded.classes,
      tta: params.tta,
      itemIds,
      targets,
      probs,
      losses,
      topK: params.topLosses,
    });
    if (data.runDir !== undefined) {
      await writeJsonAtomically(runInterpretFile(data.runDir), InterpretResultSchema.parse(result));
    }
    return result;
  } finally {
    loaded.dispose();
  }
}

function validInput(item: TrainingItem, cacheDir: string): PredictInput {
  return {
    name: item.file,
    itemId: item.id,
    load: (size) => prepareItemImage(item, size, cacheDir),
  };
}
