// A tiny two-class image project for train-job tests: 32 real images (24 px, classes differ in colour
// and stripes) split 24 train / 8 valid, a project folder for runs, and the job's data as the service
// would resolve it. simple-cnn at width 4 on 16 px trains an epoch in well under a second.
import { join } from 'node:path';
import { TrainParamsSchema, type TrainParams } from '../../../../../src/shared/contract';
import type { DatasetSpec } from '../../../../../src/main/engine/data/datasetSpec';
import type { JobData } from '../../../../../src/main/jobs/jobData';
import type { JobContext, StepProgress } from '../../../../../src/main/jobs/types';
import { runDir } from '../../../../../src/main/runs/runLayout';
import { makeFolderPerClass } from '../../../../helpers/fixtures';

export async function makeDataset(dir: string, perClass = 16): Promise<DatasetSpec> {
  const images = await makeFolderPerClass(join(dir, 'images'), { classes: ['a', 'b'], perClass, size: 24 });
  const classes = ['a', 'b'];
  const items = images.files.map((f, i) => ({
    id: i + 1,
    file: join(images.root, f.path),
    hash: `h${i + 1}`,
    label: classes.indexOf(f.labels[0]!),
  }));
  return {
    classes,
    train: items.filter((_, i) => i % 4 !== 0),
    valid: items.filter((_, i) => i % 4 === 0),
    cacheDir: join(dir, 'cache'),
  };
}

export function jobDataFor(projectDir: string, dataset: DatasetSpec, runId: string): JobData {
  return { projectDir, dataset, runId, runDir: runDir(projectDir, runId), cacheDir: dataset.cacheDir };
}

export function trainParams(overrides: Record<string, unknown> = {}): TrainParams {
  return TrainParamsSchema.parse({
    arch: 'simple-cnn',
    size: 16,
    batchSize: 8,
    width: 4,
    epochs: 3,
    lr: 1e-2,
    seed: 7,
    ...overrides,
  });
}

/** A job context collecting progress; `onProgress` may abort through the returned controller. */
export function jobContext(onProgress?: (p: StepProgress, controller: AbortController) => void): {
  ctx: JobContext;
  progress: StepProgress[];
  controller: AbortController;
} {
  const controller = new AbortController();
  const progress: StepProgress[] = [];
  return {
    controller,
    progress,
    ctx: {
      signal: controller.signal,
      progress: (p) => {
        progress.push(p);
        onProgress?.(p, controller);
      },
    },
  };
}

/** Stops the run once epoch `epoch` (0-based) has been reported. */
export const stopAfterEpoch =
  (epoch: number) =>
  (p: StepProgress, controller: AbortController): void => {
    if (p.message === 'epoch' && p.metrics?.epoch === epoch) controller.abort();
  };
