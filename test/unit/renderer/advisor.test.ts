// The advisor's rules on synthetic curves: one curve that should trigger each rule, and near misses.
import { describe, expect, it } from 'vitest';
import {
  adviseOnLrFinder,
  adviseOnTraining,
  type EpochLike,
} from '../../../src/renderer/src/features/train/advisor';

function epochs(train: number[], valid: number[], errorRate?: number[]): EpochLike[] {
  return train.map((t, i) => ({
    train_loss: t,
    valid_loss: valid[i] ?? null,
    metrics: (errorRate !== undefined
      ? { error_rate: errorRate[i]!, accuracy: 1 - errorRate[i]! }
      : {}) as Record<string, number | null>,
  }));
}
const kinds = (advice: { kind: string }[]) => advice.map((a) => a.kind);

describe('adviseOnTraining', () => {
  it('says nothing before the first epoch', () => {
    expect(adviseOnTraining({ epochs: [], status: 'running' })).toEqual([]);
  });

  it('divergence: a NaN batch loss, a DIVERGED failure, or a diverged run', () => {
    const fine = epochs([0.9, 0.6], [0.8, 0.55]);
    expect(
      kinds(adviseOnTraining({ epochs: fine, batchLosses: [0.5, Number.NaN], status: 'running' })),
    ).toEqual(['diverged']);
    expect(kinds(adviseOnTraining({ epochs: [], errorCode: 'DIVERGED', status: 'failed' }))).toEqual([
      'diverged',
    ]);
    expect(kinds(adviseOnTraining({ epochs: fine, status: 'diverged' }))).toEqual(['diverged']);
    expect(
      kinds(adviseOnTraining({ epochs: epochs([0.9, Infinity], [0.8, 0.7]), status: 'completed' })),
    ).toEqual(['diverged']);
    const [advice] = adviseOnTraining({ epochs: [], errorCode: 'DIVERGED' });
    expect(advice?.detail).toMatch(/Lower the learning rate/);
  });

  it('underfitting: train loss well above valid loss', () => {
    const advice = adviseOnTraining({
      epochs: epochs([1.2, 0.9], [0.7, 0.6]),
      status: 'completed',
      plannedEpochs: 2,
    });
    expect(kinds(advice)).toContain('underfitting');
    const under = advice.find((a) => a.kind === 'underfitting')!;
    expect(under.detail).toMatch(/Train for more epochs or raise the learning rate/);
    expect(under.detail).toContain('0.900');
    // Within 10% is not "well above".
    expect(
      kinds(adviseOnTraining({ epochs: epochs([0.9, 0.63], [0.8, 0.6]), status: 'completed' })),
    ).not.toContain('underfitting');
  });

  it('does not tell a run with a near-perfect validation score to train more (augmentation makes training harder)', () => {
    const advice = adviseOnTraining({
      epochs: epochs([0.71, 0.4], [0.21, 0.035], [0, 0]),
      status: 'completed',
      plannedEpochs: 2,
    });
    const under = advice.find((a) => a.kind === 'underfitting')!;
    expect(under.severity).toBe('info');
    expect(under.title).toMatch(/near perfect/);
    expect(under.detail).toContain('0.0%');
    expect(under.detail).not.toMatch(/Train for more epochs/);
    // At 5% error it is underfitting as before.
    const stillLearning = adviseOnTraining({
      epochs: epochs([0.71, 0.4], [0.21, 0.035], [0.1, 0.05]),
      status: 'completed',
    }).find((a) => a.kind === 'underfitting')!;
    expect(stillLearning.severity).toBe('warn');
    expect(stillLearning.detail).toMatch(/Train for more epochs/);
  });

  it('overfitting: valid loss rising for two epochs while train loss falls', () => {
    const curves = epochs(
      [0.8, 0.5, 0.35, 0.25, 0.15],
      [0.6, 0.45, 0.42, 0.48, 0.55],
      [0.2, 0.12, 0.1, 0.11, 0.13],
    );
    const advice = adviseOnTraining({ epochs: curves, status: 'completed' });
    expect(kinds(advice)).toContain('overfitting');
    const over = advice.find((a) => a.kind === 'overfitting')!;
    expect(over.severity).toBe('warn');
    expect(over.detail).toMatch(/weight decay/);
    expect(over.detail).toMatch(/best 0.420 at epoch 3/);
    // One rising epoch is not yet a trend.
    const once = epochs([0.8, 0.5, 0.35], [0.6, 0.45, 0.47]);
    expect(kinds(adviseOnTraining({ epochs: once, status: 'completed' }))).not.toContain('overfitting');
  });

  it('overfitting while the error rate still improves is only worth watching', () => {
    const curves = epochs([0.8, 0.5, 0.35, 0.25], [0.5, 0.45, 0.47, 0.5], [0.2, 0.15, 0.12, 0.1]);
    const over = adviseOnTraining({ epochs: curves, status: 'running' }).find(
      (a) => a.kind === 'overfitting',
    )!;
    expect(over.severity).toBe('info');
    expect(over.detail).toMatch(/still improving/);
  });

  it('error rate improving then worsening', () => {
    const curves = epochs(
      [0.9, 0.6, 0.5, 0.45, 0.4],
      [0.7, 0.5, 0.45, 0.44, 0.43],
      [0.3, 0.15, 0.08, 0.1, 0.12],
    );
    const advice = adviseOnTraining({ epochs: curves, status: 'completed' });
    const worse = advice.find((a) => a.kind === 'metric-worsening')!;
    expect(worse.detail).toMatch(/best at epoch 3 \(8\.0%\)/);
    expect(worse.detail).toMatch(/12\.0% now/);
    // Noise smaller than the slack is ignored.
    const flat = epochs([0.9, 0.6, 0.5], [0.7, 0.5, 0.45], [0.3, 0.1, 0.101]);
    expect(kinds(adviseOnTraining({ epochs: flat, status: 'completed' }))).not.toContain('metric-worsening');
  });

  it('uses 1 − accuracy when there is no error_rate', () => {
    const rows: EpochLike[] = [0.7, 0.85, 0.92, 0.88].map((acc, i) => ({
      train_loss: 0.9 - i * 0.1,
      valid_loss: 0.8 - i * 0.1,
      metrics: { accuracy: acc },
    }));
    expect(kinds(adviseOnTraining({ epochs: rows, status: 'completed' }))).toContain('metric-worsening');
  });

  it('a finished run still improving at its last epoch could train longer', () => {
    const advice = adviseOnTraining({
      epochs: epochs([0.8, 0.55, 0.4], [0.7, 0.5, 0.38], [0.3, 0.2, 0.12]),
      status: 'completed',
      plannedEpochs: 3,
    });
    expect(kinds(advice)).toEqual(['keep-training']);
    // Not while it is still running.
    expect(
      kinds(
        adviseOnTraining({ epochs: epochs([0.8, 0.55], [0.7, 0.5]), status: 'running', plannedEpochs: 5 }),
      ),
    ).toEqual(['healthy']);
  });

  it('healthy curves get a short all-clear', () => {
    const advice = adviseOnTraining({
      epochs: epochs([0.8, 0.6, 0.5], [0.7, 0.55, 0.54]),
      status: 'completed',
    });
    expect(kinds(advice)).toEqual(['healthy']);
    expect(advice[0]!.severity).toBe('ok');
  });
});

describe('adviseOnLrFinder', () => {
  const lrs = Array.from({ length: 50 }, (_, i) => 1e-7 * 10 ** (i / 6));

  it('a curve that never turns up: the range was too low', () => {
    const falling = lrs.map((_, i) => 2 - i * 0.02);
    const [advice] = adviseOnLrFinder({ lrs, losses: falling, end: 1e-3 });
    expect(advice?.kind).toBe('lr-range-too-low');
    expect(advice?.detail).toMatch(/Raise the sweep’s end rate/);
    expect(advice?.detail).toContain('0.00100');
  });

  it('a curve that falls then blows up is fine', () => {
    const losses = lrs.map((_, i) => (i < 35 ? 2 - i * 0.04 : 0.6 + (i - 35) * 0.3));
    expect(adviseOnLrFinder({ lrs, losses })[0]?.kind).toBe('lr-curve-ok');
  });

  it('a curve that ends in NaN turned up, even if its last finite point is the lowest', () => {
    const losses: (number | null)[] = lrs.map((_, i) => 2 - i * 0.02);
    losses[49] = null;
    losses[48] = null;
    expect(adviseOnLrFinder({ lrs, losses })[0]?.kind).toBe('lr-curve-ok');
  });

  it('passes on the engine’s reason when it could not suggest anything', () => {
    const [advice] = adviseOnLrFinder({
      lrs,
      losses: lrs.map(() => 1),
      problem: { code: 'flat', message: 'The loss did not change: is the model learning at all?' },
    });
    expect(advice?.kind).toBe('lr-curve-problem');
    expect(advice?.detail).toMatch(/did not change/);
  });

  it('too few points: nothing to say', () => {
    expect(adviseOnLrFinder({ lrs: [1e-5, 1e-4], losses: [1, 0.9] })).toEqual([]);
  });
});
