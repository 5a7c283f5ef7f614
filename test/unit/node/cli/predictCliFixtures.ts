// Shared set-up for the predict / interpret / export CLI tests: a tiny model trained in the test
// process (fast), a project imported by the real CLI from the same images, and a run record in it
// whose model is that trained model — so the commands run against a real project and trainer.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunRecord } from '../../../../src/shared/training';
import { runDir, runModelDir } from '../../../../src/main/runs/runLayout';
import { writeRunRecord } from '../../../../src/main/runs/runStore';
import { runDeskfit } from '../../../helpers/cli';
import { trainTinyModel, type TrainedFixture } from '../engine/predictFixtures';

export interface CliProject {
  fx: TrainedFixture;
  env: NodeJS.ProcessEnv;
  projectDir: string;
  runId: string;
}

export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A trained model and, with `project`, the images imported as a project with one run holding it. */
export async function cliProject(work: string): Promise<CliProject> {
  const fx = await trainTinyModel(work);
  const env = { DESKFIT_HOME: join(work, 'home') };
  const imported = await runDeskfit(['import', fx.images.root, '--json'], env);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const projectDir = `${fx.images.root}.deskfit`;
  const runId = '2026-01-02T03-04-05-000Z';
  const modelDir = runModelDir(runDir(projectDir, runId));
  await cp(fx.modelDir, modelDir, { recursive: true });
  const record: RunRecord = {
    id: runId,
    status: 'completed',
    startedAt: 1,
    endedAt: 2,
    params: { arch: 'simple-cnn', epochs: 6 },
    augmentation: null,
    backend: 'wasm',
    lr: 3e-2,
    classes: fx.dataset.classes,
    balance: { classes: [], imbalance: 1 },
    epochs: [],
    batches: [],
    bestEpoch: null,
    bestMetric: null,
    modelDir,
    checkpointEpoch: null,
    seconds: 1,
    imagesPerSecond: null,
  };
  await writeRunRecord(projectDir, record);
  return { fx, env, projectDir, runId };
}
