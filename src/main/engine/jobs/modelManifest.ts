/**
 * The `deskfit.json` manifest and short README saved beside every trained model, so the folder
 * explains itself: what the model predicts (task kind, classes), what it expects as input (size,
 * normalisation), and how it was trained. `deskfit predict` and the app read the manifest.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelStats } from '../data/normalize';

export const manifestVersion = 1;

export interface ModelManifest {
  deskfit: typeof manifestVersion;
  task: string;
  classes: string[];
  inputSize: number;
  /** Per-channel statistics on 0..1 RGB, applied as (x - mean) / std before the model. */
  normalization: ChannelStats;
  arch: string;
  backend: string;
  createdAt: string;
  training: {
    epochs: number;
    lr: number;
    outcome: string;
    /** The last epoch's validation figures, when there was validation. */
    validLoss: number | null;
    metrics: Record<string, number>;
  };
}

export async function writeModelManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeFile(join(dir, 'deskfit.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const metrics = Object.entries(manifest.training.metrics)
    .map(([name, value]) => `${name} ${value.toFixed(4)}`)
    .join(', ');
  const readme = [
    `# ${manifest.arch} image classifier (deskfit)`,
    '',
    `Classes (${manifest.classes.length}): ${manifest.classes.join(', ')}.`,
    `Input: ${manifest.inputSize}×${manifest.inputSize} RGB, scaled to 0..1, then (x - mean) / std per channel`,
    `with mean ${JSON.stringify(manifest.normalization.mean)} and std ${JSON.stringify(manifest.normalization.std)}.`,
    `Output: one logit per class (apply softmax for probabilities).`,
    '',
    `Trained ${manifest.training.epochs} epochs on ${manifest.backend} at learning rate ${manifest.training.lr.toExponential(2)}${metrics ? `; last epoch: ${metrics}` : ''}.`,
    '',
    'Files: `model.json` + `weights.bin` (a TensorFlow.js Layers model), `deskfit.json` (this summary as data).',
    '',
  ].join('\n');
  await writeFile(join(dir, 'README.md'), readme);
}
