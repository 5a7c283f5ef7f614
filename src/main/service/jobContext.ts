/**
 * Resolves a job spec against the open project into the plain data its trainer process needs
 * (`JobData`): which items, which augmentation, which run folder, which model. Errors here name what
 * is missing and what to do, before any process starts.
 */
import type { JobSpec } from '../../shared/contract';
import { DeskfitError } from '../../shared/errors';
import { AugSettingsSchema, type AugSettings } from '../../shared/training';
import type { ProjectStoreApi } from '../data/types';
import type { JobData, JobItem } from '../jobs/jobData';
import { newRunId, runDir } from '../runs/runLayout';
import { listRuns, readRunRecord } from '../runs/runStore';
import type { ProjectService } from './projectService';
import { singleLabelDataset } from './trainingData';
import { readTrainingSettings } from './trainingSettings';

/** The project's saved augmentation (fastai's defaults until the Augment page saves some). */
export function projectAugmentation(store: ProjectStoreApi): AugSettings {
  return readTrainingSettings(store).augmentation ?? AugSettingsSchema.parse({});
}

/** Every usable item of the test split (labelled or not), for `predict` on the test set. */
export function testItems(store: ProjectStoreApi): JobItem[] {
  const items: JobItem[] = [];
  const pageSize = 5000;
  for (let offset = 0; ; offset += pageSize) {
    const page = store.query({
      split: 'test',
      problem: false,
      sort: 'path',
      descending: false,
      offset,
      limit: pageSize,
    });
    for (const item of page.items) {
      const file = store.itemFile(item.id);
      if (file && !item.excluded && !item.missing) {
        items.push({ id: item.id, file, name: item.path, ...(item.hash ? { hash: item.hash } : {}) });
      }
    }
    if (offset + pageSize >= page.total) break;
  }
  return items;
}

/** The model a run produced; the newest run with a model when no run is named. */
async function resolveModel(
  projects: ProjectService,
  runId: string | undefined,
): Promise<{ runId: string; runDir: string; modelDir: string }> {
  const store = projects.current();
  if (runId !== undefined) {
    const record = await readRunRecord(store.dir, runId);
    if (!record.modelDir) {
      throw new DeskfitError('NO_MODEL', `Run ${runId} has no saved model (it ended as ${record.status}).`);
    }
    return { runId, runDir: runDir(store.dir, runId), modelDir: record.modelDir };
  }
  const latest = (await listRuns(store.dir)).find((run) => run.modelDir !== null);
  if (!latest?.modelDir) {
    throw new DeskfitError(
      'NO_MODEL',
      'This project has no trained model yet. Train one on the Train page (or with `deskfit train`) first.',
    );
  }
  return { runId: latest.id, runDir: runDir(store.dir, latest.id), modelDir: latest.modelDir };
}

/** Job kinds that read the project's image files. */
const readsProjectFiles = (spec: JobSpec): boolean =>
  spec.kind === 'lr-find' ||
  spec.kind === 'train' ||
  spec.kind === 'interpret' ||
  (spec.kind === 'predict' && 'split' in spec.params.source);

export async function resolveJobData(spec: JobSpec, projects: ProjectService): Promise<JobData | undefined> {
  // A file edited since import (and not looked at since) is read again first, so the job sees its
  // current pixels and the item its current facts (a file spoiled by the edit becomes a problem).
  if (readsProjectFiles(spec) && projects.isOpen()) await projects.refreshChangedFiles();
  switch (spec.kind) {
    case 'selftest':
      return undefined;
    case 'lr-find': {
      const store = projects.current();
      return {
        projectDir: store.dir,
        cacheDir: store.cacheDir,
        dataset: singleLabelDataset(store).spec,
        augmentation: projectAugmentation(store),
      };
    }
    case 'train': {
      const store = projects.current();
      const { resumeRunId } = spec.params;
      if (resumeRunId !== undefined) {
        const record = await readRunRecord(store.dir, resumeRunId);
        if (record.status === 'completed' || record.checkpointEpoch === null) {
          throw new DeskfitError(
            'BAD_REQUEST',
            `Run ${resumeRunId} cannot be resumed: ${record.status === 'completed' ? 'it completed' : 'it has no checkpoint'}.`,
          );
        }
      }
      const runId = resumeRunId ?? newRunId();
      return {
        projectDir: store.dir,
        cacheDir: store.cacheDir,
        dataset: singleLabelDataset(store).spec,
        augmentation: spec.params.augmentation ?? projectAugmentation(store),
        runId,
        runDir: runDir(store.dir, runId),
      };
    }
    case 'interpret': {
      const store = projects.current();
      const model = spec.params.modelDir
        ? { modelDir: spec.params.modelDir }
        : await resolveModel(projects, spec.params.runId);
      return {
        projectDir: store.dir,
        cacheDir: store.cacheDir,
        dataset: singleLabelDataset(store).spec,
        augmentation: projectAugmentation(store),
        ...model,
      };
    }
    case 'predict': {
      const { source } = spec.params;
      const open = projects.isOpen() ? projects.current() : undefined;
      const model = spec.params.modelDir
        ? { modelDir: spec.params.modelDir }
        : await resolveModel(projects, spec.params.runId);
      if ('split' in source) {
        const store = projects.current();
        const items = testItems(store);
        if (items.length === 0) {
          throw new DeskfitError(
            'BAD_REQUEST',
            'The test split of this project is empty. Import a folder with a test/ subfolder, or move images to test on the Label page.',
          );
        }
        return {
          projectDir: store.dir,
          cacheDir: store.cacheDir,
          augmentation: projectAugmentation(store),
          items,
          ...model,
        };
      }
      return {
        ...(open
          ? { projectDir: open.dir, cacheDir: open.cacheDir, augmentation: projectAugmentation(open) }
          : {}),
        ...model,
      };
    }
    case 'augment-preview': {
      const store = projects.current();
      const item = await projects.freshItem(spec.params.itemId);
      const file = item ? store.itemFile(item.id) : undefined;
      if (!item || !file || item.problem || item.missing) {
        throw new DeskfitError(
          'NOT_FOUND',
          `Item ${spec.params.itemId} has no usable image to preview${item ? ` (${item.path})` : ''}. Pick another image.`,
        );
      }
      return {
        projectDir: store.dir,
        cacheDir: store.cacheDir,
        items: [{ id: item.id, file, name: item.path, ...(item.hash ? { hash: item.hash } : {}) }],
      };
    }
  }
}
