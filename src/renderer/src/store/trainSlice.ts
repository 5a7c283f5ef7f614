// The Train page's state: its settings (remembered per project), the LR finder, the live run, and the
// project's saved training settings (which the Augment page writes too).
import type { StateCreator } from 'zustand';
import type { JobDone, JobFailed, JobInfo, JobProgress, TrainParams } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import type { RunRecord, TrainingSettings } from '../../../shared/training';
import { defaultSweep, defaultTrainForm, formFromSaved, type SweepRange, type TrainForm } from './trainForm';
import {
  idleLiveRun,
  idleLrFinder,
  isJobActive,
  lrFinderDone,
  lrFinderFailed,
  lrFinderJobsListed,
  lrFinderProgressed,
  lrFinderStarted,
  lrFinderStarting,
  trainBackfilled,
  trainDone,
  trainFailed,
  trainJobsListed,
  trainProgressed,
  trainStartFailed,
  trainStarted,
  trainStarting,
  trainStopFailed,
  trainStopping,
  type LiveRun,
  type LrFinderRun,
} from './trainReducers';
import type { DeskfitState } from './types';

export interface SavedSettingsState {
  /** The project the settings belong to (null: none loaded). */
  dir: string | null;
  value: TrainingSettings | null;
  loading: boolean;
  error: ErrorShape | null;
}

export interface TrainState {
  form: TrainForm;
  /** True once the user changed a setting (saved settings then no longer overwrite the form). */
  touched: boolean;
  sweep: SweepRange;
  lrFinder: LrFinderRun;
  run: LiveRun;
  saved: SavedSettingsState;
}

export interface TrainSlice {
  train: TrainState;
  trainFormChanged(form: TrainForm): void;
  trainSweepChanged(sweep: SweepRange): void;
  trainingSettingsLoading(dir: string | null): void;
  trainingSettingsLoaded(dir: string | null, settings: TrainingSettings): void;
  trainingSettingsFailed(error: ErrorShape): void;
  lrFinderStarting(): void;
  lrFinderStarted(jobId: string): void;
  lrFinderStartFailed(error: ErrorShape): void;
  lrFinderStopping(): void;
  trainStarting(params: TrainParams): void;
  trainStarted(jobId: string): void;
  trainStartFailed(error: ErrorShape): void;
  trainStopping(): void;
  trainStopFailed(error: ErrorShape): void;
  /** Progress events, batched: applied in order in one store update. */
  trainingProgressed(events: readonly { progress: JobProgress; at: number }[]): void;
  trainingJobDone(done: JobDone): void;
  trainingJobFailed(failed: JobFailed): void;
  trainingJobsListed(list: readonly JobInfo[]): void;
  /** An adopted run's record so far (its curves before this window saw it). */
  trainRunBackfilled(jobId: string, record: RunRecord): void;
  /** Another project opened: its settings load afresh; a live job stays on screen. */
  trainProjectChanged(): void;
}

export const initialTrain: TrainState = {
  form: defaultTrainForm,
  touched: false,
  sweep: defaultSweep,
  lrFinder: idleLrFinder,
  run: idleLiveRun,
  saved: { dir: null, value: null, loading: false, error: null },
};

export const createTrainSlice: StateCreator<DeskfitState, [], [], TrainSlice> = (set) => {
  const update = (fn: (t: TrainState) => Partial<TrainState>) =>
    set((s) => ({ train: { ...s.train, ...fn(s.train) } }));
  return {
    train: initialTrain,
    trainFormChanged: (form) => update(() => ({ form, touched: true })),
    trainSweepChanged: (sweep) => update(() => ({ sweep })),
    trainingSettingsLoading: (dir) =>
      update((t) => ({ saved: { ...t.saved, dir, loading: true, error: null } })),
    trainingSettingsLoaded: (dir, value) =>
      update((t) => ({
        saved: { dir, value, loading: false, error: null },
        form: t.touched ? t.form : formFromSaved(value.train),
      })),
    trainingSettingsFailed: (error) => update((t) => ({ saved: { ...t.saved, loading: false, error } })),
    lrFinderStarting: () => update((t) => ({ lrFinder: lrFinderStarting(t.sweep.end) })),
    lrFinderStarted: (jobId) => update((t) => ({ lrFinder: lrFinderStarted(t.lrFinder, jobId) })),
    lrFinderStartFailed: (error) =>
      update((t) => ({
        lrFinder: t.lrFinder.phase === 'starting' ? { ...t.lrFinder, phase: 'failed', error } : t.lrFinder,
      })),
    lrFinderStopping: () =>
      update((t) => ({
        lrFinder: t.lrFinder.phase === 'running' ? { ...t.lrFinder, phase: 'stopping' } : t.lrFinder,
      })),
    trainStarting: (params) => update(() => ({ run: trainStarting(params) })),
    trainStarted: (jobId) => update((t) => ({ run: trainStarted(t.run, jobId) })),
    trainStartFailed: (error) => update((t) => ({ run: trainStartFailed(t.run, error) })),
    trainStopping: () => update((t) => ({ run: trainStopping(t.run) })),
    trainStopFailed: (error) => update((t) => ({ run: trainStopFailed(t.run, error) })),
    trainingProgressed: (events) =>
      update((t) => {
        const train = events.filter((e) => e.progress.kind === 'train');
        let lrFinder = t.lrFinder;
        for (const e of events)
          if (e.progress.kind === 'lr-find') lrFinder = lrFinderProgressed(lrFinder, e.progress);
        return { run: train.length > 0 ? trainProgressed(t.run, train) : t.run, lrFinder };
      }),
    trainingJobDone: (done) =>
      update((t) =>
        done.kind === 'train'
          ? { run: trainDone(t.run, done) }
          : done.kind === 'lr-find'
            ? { lrFinder: lrFinderDone(t.lrFinder, done) }
            : {},
      ),
    trainingJobFailed: (failed) =>
      update((t) =>
        failed.kind === 'train'
          ? { run: trainFailed(t.run, failed) }
          : failed.kind === 'lr-find'
            ? { lrFinder: lrFinderFailed(t.lrFinder, failed) }
            : {},
      ),
    trainingJobsListed: (list) =>
      update((t) => ({ run: trainJobsListed(t.run, list), lrFinder: lrFinderJobsListed(t.lrFinder, list) })),
    trainRunBackfilled: (jobId, record) => update((t) => ({ run: trainBackfilled(t.run, jobId, record) })),
    trainProjectChanged: () =>
      update((t) => ({
        form: defaultTrainForm,
        touched: false,
        saved: initialTrain.saved,
        lrFinder: isJobActive(t.lrFinder.phase) ? t.lrFinder : idleLrFinder,
        run: isJobActive(t.run.phase) ? t.run : idleLiveRun,
      })),
  };
};
