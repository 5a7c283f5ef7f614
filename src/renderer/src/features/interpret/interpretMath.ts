/**
 * Pure helpers for reading an interpretation and predictions: a confusion cell's images, how dark a
 * cell is, the top classes of a prediction, and the words for runs and numbers.
 */
import type { InterpretResult, RunSummary } from '../../../../shared/training';

/** One image the page shows for review: what it is, what the model said, how wrong it was. */
export interface ReviewEntry {
  itemId: number;
  actual: string;
  predicted: string;
  loss: number;
  /** Probability of the predicted class. */
  probability: number;
}

/** The validation images behind `confusion[actual][predicted]`, highest loss first. */
export function cellItems(result: InterpretResult, actual: number, predicted: number): ReviewEntry[] {
  const { items, classes } = result;
  const out: ReviewEntry[] = [];
  for (let i = 0; i < items.itemId.length; i++) {
    if (items.actual[i] !== actual || items.predicted[i] !== predicted) continue;
    out.push({
      itemId: items.itemId[i] ?? -1,
      actual: classes[actual] ?? String(actual),
      predicted: classes[predicted] ?? String(predicted),
      loss: items.loss[i] ?? 0,
      probability: items.probability[i] ?? 0,
    });
  }
  return out.sort((a, b) => b.loss - a.loss || a.itemId - b.itemId);
}

export function rowTotals(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row) => row.reduce((sum, n) => sum + n, 0));
}

/** How much of its row a cell holds, 0..1: the share of a class's images predicted as each class. */
export function rowShare(count: number, rowTotal: number): number {
  return rowTotal > 0 ? Math.max(0, Math.min(1, count / rowTotal)) : 0;
}

export function classIndex(result: InterpretResult, name: string): number {
  return result.classes.indexOf(name);
}

export interface ClassProbability {
  name: string;
  probability: number;
}

/** The `k` most probable classes, most probable first (ties in class order). */
export function topClasses(classes: readonly string[], probs: readonly number[], k = 3): ClassProbability[] {
  return probs
    .map((probability, i) => ({ name: classes[i] ?? `class ${i}`, probability, i }))
    .sort((a, b) => b.probability - a.probability || a.i - b.i)
    .slice(0, k)
    .map(({ name, probability }) => ({ name, probability }));
}

/** 0.8714 → "87.1%"; values near 0 or 1 keep a decimal so 99.96% does not read as certain. */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  const pct = p * 100;
  if (pct > 99.9 && pct < 100) return '>99.9%';
  if (pct > 0 && pct < 0.1) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

export function formatLossValue(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  return loss >= 100 ? loss.toFixed(0) : loss >= 10 ? loss.toFixed(1) : loss.toFixed(2);
}

const statusWords: Record<RunSummary['status'], string> = {
  running: 'running',
  completed: 'completed',
  cancelled: 'stopped',
  diverged: 'diverged',
  failed: 'failed',
};

function runDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The run's best-known quality, e.g. "accuracy 93.1%", or null. */
export function runMetric(run: RunSummary): string | null {
  const accuracy = run.metrics['accuracy'];
  if (accuracy !== undefined) return `accuracy ${formatPercent(accuracy)}`;
  const error = run.metrics['error_rate'];
  if (error !== undefined) return `error rate ${formatPercent(error)}`;
  if (run.validLoss !== null) return `valid loss ${formatLossValue(run.validLoss)}`;
  return null;
}

/** One line naming a run in a picker: "2025-03-01 14:02 · resnet18 · 5/5 epochs · accuracy 93.1%". */
export function runLabel(run: RunSummary): string {
  const parts = [runDate(run.startedAt), run.arch, `${run.epochs}/${run.plannedEpochs} epochs`];
  const metric = runMetric(run);
  if (metric !== null) parts.push(metric);
  if (run.status !== 'completed') parts.push(statusWords[run.status]);
  if (run.modelDir === null) parts.push('no model');
  return parts.join(' · ');
}
