/**
 * Everything a fit measured, batch by batch and epoch by epoch (fastai's `Recorder`): learning rate per
 * parameter group, momentum, raw and smoothed training loss per batch; train loss, valid loss, metrics and
 * time per epoch. The charts draw it, the run record and checkpoints save it, the CLI prints its table.
 * A plain data class: the Learner's callback feeds it numbers, it never touches tensors.
 */
import { DeskfitError, describeZodError } from '../../../shared/errors';
import { fastaiTableColumns, formatTime, type FastaiTableRow } from './fastaiTable';
import { finiteOrNull, nullToNaN } from './jsonNumbers';
import { RECORDER_JSON_VERSION, RecorderJsonSchema, type RecorderJson } from './recorderJson';
import { SmoothLoss } from './smoothLoss';

export interface BatchRecord {
  /** Training batches recorded before this one (fastai's `train_iter` across the whole record). */
  iteration: number;
  epoch: number;
  /** One learning rate per parameter group, earliest layers first. */
  lrs: number[];
  mom: number;
  rawLoss: number;
  smoothLoss: number;
}

export interface EpochRecord {
  epoch: number;
  /** fastai's train_loss column: the smoothed loss after the epoch's last batch. */
  trainLoss: number;
  /** Mean validation loss; null when the fit has no validation set. */
  validLoss: number | null;
  /** By fastai name: `accuracy`, `error_rate`, …; insertion order is column order. */
  metrics: Record<string, number>;
  seconds: number;
}

export interface BatchInput {
  epoch: number;
  lrs: readonly number[];
  mom: number;
  rawLoss: number;
}

export interface EpochInput {
  epoch: number;
  /** Defaults to the current smoothed loss, as fastai's table shows. */
  trainLoss?: number;
  validLoss: number | null;
  metrics?: Readonly<Record<string, number>>;
  seconds: number;
}

function checkMetricNames(metrics: Readonly<Record<string, unknown>>): void {
  for (const name of Object.keys(metrics)) {
    if ((fastaiTableColumns as readonly string[]).includes(name)) {
      throw new DeskfitError(
        'BAD_REQUEST',
        `Metric name "${name}" clashes with a column of the epoch table; rename the metric.`,
        { metric: name },
      );
    }
  }
}

export class Recorder {
  private readonly batchRecords: BatchRecord[] = [];
  private readonly epochRecords: EpochRecord[] = [];
  private smooth: SmoothLoss;

  constructor(smooth: SmoothLoss = new SmoothLoss()) {
    this.smooth = smooth;
  }

  get batches(): readonly BatchRecord[] {
    return this.batchRecords;
  }

  get epochs(): readonly EpochRecord[] {
    return this.epochRecords;
  }

  /** The smoothed loss after the last batch; NaN before any. */
  get smoothLoss(): number {
    return this.smooth.value;
  }

  /**
   * Starts smoothing afresh (fastai starts a new average at each fit; call this at the start of a fit
   * whose batches should not be averaged with the previous fit's). Records are kept.
   */
  resetSmoothing(): void {
    this.smooth.reset();
  }

  recordBatch(input: BatchInput): BatchRecord {
    const record: BatchRecord = {
      iteration: this.batchRecords.length,
      epoch: input.epoch,
      lrs: [...input.lrs],
      mom: input.mom,
      rawLoss: input.rawLoss,
      smoothLoss: this.smooth.accumulate(input.rawLoss),
    };
    this.batchRecords.push(record);
    return record;
  }

  recordEpoch(input: EpochInput): EpochRecord {
    const metrics = { ...input.metrics };
    checkMetricNames(metrics);
    const record: EpochRecord = {
      epoch: input.epoch,
      trainLoss: input.trainLoss ?? this.smooth.value,
      validLoss: input.validLoss,
      metrics,
      seconds: input.seconds,
    };
    this.epochRecords.push(record);
    return record;
  }

  /** The LR-finder curve: the last group's learning rate (as fastai records it) against the smoothed loss. */
  lrFindCurve(): { lrs: number[]; losses: number[] } {
    return {
      lrs: this.batchRecords.map((b) => b.lrs[b.lrs.length - 1] ?? Number.NaN),
      losses: this.batchRecords.map((b) => b.smoothLoss),
    };
  }

  /** One row per epoch as fastai prints them: epoch, train_loss, valid_loss, metrics…, time (mm:ss). */
  fastaiTable(): FastaiTableRow[] {
    return this.epochRecords.map((e) => ({
      epoch: e.epoch,
      train_loss: e.trainLoss,
      valid_loss: e.validLoss,
      ...e.metrics,
      time: formatTime(e.seconds),
    }));
  }

  /** JSON-safe form: non-finite numbers are written as null (see jsonNumbers). */
  toJSON(): RecorderJson {
    return {
      version: RECORDER_JSON_VERSION,
      smoothLoss: this.smooth.toJSON(),
      batches: this.batchRecords.map((b) => ({
        ...b,
        lrs: [...b.lrs],
        rawLoss: finiteOrNull(b.rawLoss),
        smoothLoss: finiteOrNull(b.smoothLoss),
      })),
      epochs: this.epochRecords.map((e) => ({
        ...e,
        trainLoss: finiteOrNull(e.trainLoss),
        validLoss: e.validLoss === null ? null : finiteOrNull(e.validLoss),
        metrics: Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, finiteOrNull(v)])),
      })),
    };
  }

  /**
   * Rebuilds a recorder from `toJSON()` output (or its parsed JSON text); null losses and metrics come back
   * as NaN, except validLoss, which stays null. Throws DeskfitError('BAD_REQUEST') naming the bad field.
   */
  static fromJSON(json: unknown): Recorder {
    const parsed = RecorderJsonSchema.safeParse(json);
    if (!parsed.success) {
      const { message, details } = describeZodError('recorder data (checkpoint or run record)', parsed.error);
      throw new DeskfitError('BAD_REQUEST', message, details);
    }
    const data = parsed.data;
    const recorder = new Recorder(SmoothLoss.fromJSON(data.smoothLoss));
    for (const b of data.batches) {
      recorder.batchRecords.push({
        ...b,
        rawLoss: nullToNaN(b.rawLoss),
        smoothLoss: nullToNaN(b.smoothLoss),
      });
    }
    for (const e of data.epochs) {
      checkMetricNames(e.metrics);
      recorder.epochRecords.push({
        ...e,
        trainLoss: nullToNaN(e.trainLoss),
        metrics: Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, nullToNaN(v)])),
      });
    }
    return recorder;
  }
}
