/**
 * What a training job receives about its data. The service resolves the open project into this plain
 * list (the trainer process never opens the project database, which the service holds), so a job
 * message carries everything: classes, each usable item's file, content hash, class and split.
 */
import { z } from 'zod';

/** What crosses the process boundary is checked against these before a job uses it. */
export const TrainingItemSchema = z.object({
  id: z.number().int(),
  file: z.string(),
  hash: z.string(),
  label: z.number().int().min(0),
});

export const DatasetSpecSchema = z.object({
  classes: z.array(z.string()).min(2),
  train: z.array(TrainingItemSchema),
  valid: z.array(TrainingItemSchema),
  cacheDir: z.string(),
});

export interface TrainingItem {
  id: number;
  /** Absolute path of the image file. */
  file: string;
  /** Content hash: the key of the training-size cache. */
  hash: string;
  /** Index into `classes`. */
  label: number;
}

export interface DatasetSpec {
  classes: string[];
  train: TrainingItem[];
  valid: TrainingItem[];
  /** The project's cache folder (training-size images are written here). */
  cacheDir: string;
}

export interface ClassBalance {
  name: string;
  train: number;
  valid: number;
  /** Share of the training set, 0..1. */
  share: number;
}

/** Counts per class and split, and the ratio of the largest to the smallest training class. */
export function classBalance(spec: DatasetSpec): { classes: ClassBalance[]; imbalance: number } {
  const counts = spec.classes.map((name) => ({ name, train: 0, valid: 0, share: 0 }));
  for (const item of spec.train) counts[item.label]!.train += 1;
  for (const item of spec.valid) counts[item.label]!.valid += 1;
  const total = spec.train.length;
  for (const c of counts) c.share = total > 0 ? c.train / total : 0;
  const trainCounts = counts.map((c) => c.train).filter((n) => n > 0);
  const imbalance = trainCounts.length > 0 ? Math.max(...trainCounts) / Math.min(...trainCounts) : 1;
  return { classes: counts, imbalance };
}
