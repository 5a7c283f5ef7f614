/**
 * Data-parallel training only where it is faster: whether two half-batches in two threads beat one
 * whole batch depends on the model, the image size and what else the machine runs (wasm's fixed
 * cost per op makes small steps split badly). This runner measures both on the job's own first
 * steps — a warm-up and `trialSteps` timed steps on this thread, then the same data-parallel (the
 * workers first take rank 0's state) — and keeps the faster for the rest of the job; when that is
 * this thread, the workers are ended.
 */
import type { AugParams } from '../augment/augParams';
import type { HostBatch } from '../data/batchLoader';
import { localStepRunner, type BatchStep, type StepHost, type StepRunner } from '../learner/stepRunner';
import type { DataParallelRunner } from './dataParallelRunner';

export interface StepChoice {
  parallel: boolean;
  /** Median step time in ms on this thread and data-parallel. */
  localMs: number;
  parallelMs: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Data-parallel wins when its median step is at least `margin` faster (it costs two cores). */
export function chooseStepMode(
  localMs: readonly number[],
  parallelMs: readonly number[],
  margin = 0.1,
): StepChoice {
  const local = median(localMs);
  const parallel = median(parallelMs);
  return { parallel: parallel < local * (1 - margin), localMs: local, parallelMs: parallel };
}

type Mode = 'local-trial' | 'parallel-trial' | 'local' | 'parallel';

export interface MeasuredRunnerOptions {
  /** Timed steps per mode, after one warm-up step each (default 3). */
  trialSteps?: number;
  /** The rule (default `chooseStepMode`); tests force either outcome. */
  choose?: (localMs: readonly number[], parallelMs: readonly number[]) => StepChoice;
  /** Told once the choice is made (the trainer logs it). */
  onChoice?: (choice: StepChoice) => void;
}

export class MeasuredStepRunner implements StepRunner {
  private mode: Mode = 'local-trial';
  private readonly times: Record<'local' | 'parallel', number[]> = { local: [], parallel: [] };
  private readonly trialSteps: number;
  private workersStale = true;
  choice: StepChoice | undefined;

  constructor(
    private readonly parallel: DataParallelRunner,
    private readonly options: MeasuredRunnerOptions = {},
  ) {
    this.trialSteps = options.trialSteps ?? 3;
  }

  get description(): string {
    if (this.mode === 'parallel') return this.parallel.description;
    return this.mode === 'local' ? 'local' : 'measuring';
  }

  async beforeFit(host: StepHost): Promise<void> {
    if (this.mode === 'parallel' || this.mode === 'parallel-trial') {
      await this.parallel.beforeFit(host);
      this.workersStale = false;
    } else this.workersStale = true;
  }

  async step(host: StepHost, batch: HostBatch, augParams: AugParams[] | undefined): Promise<BatchStep> {
    if (this.mode === 'local') return localStepRunner.step(host, batch, augParams);
    if (this.mode === 'parallel') return this.parallel.step(host, batch, augParams);
    if (this.mode === 'local-trial') {
      if (this.times.local.length > this.trialSteps) this.mode = 'parallel-trial';
      else return this.timed(localStepRunner.step(host, batch, augParams), this.times.local);
    }
    if (this.times.parallel.length > this.trialSteps) {
      await this.decide();
      return this.step(host, batch, augParams);
    }
    if (this.workersStale) {
      await this.parallel.beforeFit(host);
      this.workersStale = false;
    }
    return this.timed(this.parallel.step(host, batch, augParams), this.times.parallel);
  }

  dispose(): Promise<void> {
    return this.parallel.dispose();
  }

  private async decide(): Promise<void> {
    // The first step of each mode warms its kernels up and is left out.
    const choose = this.options.choose ?? chooseStepMode;
    const choice = choose(this.times.local.slice(1), this.times.parallel.slice(1));
    this.choice = choice;
    this.mode = choice.parallel ? 'parallel' : 'local';
    if (!choice.parallel) await this.parallel.dispose();
    this.options.onChoice?.(choice);
  }

  /** Times a step from its start to the end of its optimizer step; dropped steps are not timed. */
  private async timed(pending: Promise<BatchStep>, into: number[]): Promise<BatchStep> {
    const started = performance.now();
    const step = await pending;
    return {
      loss: step.loss,
      apply: async () => {
        await step.apply();
        into.push(performance.now() - started);
      },
      release: () => step.release(),
    };
  }
}
