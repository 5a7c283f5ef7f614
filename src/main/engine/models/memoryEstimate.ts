/**
 * Will a training batch fit? Training keeps every layer's output for the backward pass, plus the
 * gradients and the kernels' scratch space: measured on wasm, a MobileNetV2 step at 224² takes about
 * 4.5× the sum of its layers' forward outputs per image (~370 MiB an image). wasm's heap is a
 * 32-bit address space, so a batch of 64 such images cannot run at all: it would crash the trainer
 * minutes in. Checked before training starts, with the batch size that would fit.
 */
import { totalmem } from 'node:os';
import type * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../../shared/contract';
import { DeskfitError } from '../../../shared/errors';

/** Bytes a training step needs per image, over the sum of forward activations (measured on wasm). */
export const trainingMemoryFactor = 4.5;

const GiB = 2 ** 30;

/** Sum of every layer's output size for one image, in bytes (float32). */
export function activationBytesPerImage(model: tf.LayersModel): number {
  let elements = 0;
  for (const layer of model.layers) {
    const shape = layer.outputShape;
    const shapes = Array.isArray(shape[0]) ? (shape as (number | null)[][]) : [shape as (number | null)[]];
    for (const s of shapes) elements += s.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  }
  return elements * 4;
}

/**
 * What activations may use on a backend: wasm's heap tops out at 4 GiB with the weights, optimizer
 * state and fragmentation in it too (2 GiB is what reliably works); the cpu and native CPU backends
 * get half the machine's memory. GPU memory is not visible from here: no limit is assumed.
 */
export function memoryBudget(backend: BackendName, machineBytes = totalmem()): number | null {
  switch (backend) {
    case 'wasm':
      return 2 * GiB;
    case 'cpu':
    case 'tfjs-node':
      return machineBytes / 2;
    case 'tfjs-node-gpu':
      return null;
  }
}

export interface BatchFit {
  bytesPerImage: number;
  budget: number | null;
  /** The largest batch that fits (at least 1), or null when there is no known limit. */
  maxBatch: number | null;
}

export function batchFit(model: tf.LayersModel, backend: BackendName, machineBytes?: number): BatchFit {
  const bytesPerImage = activationBytesPerImage(model) * trainingMemoryFactor;
  const budget = memoryBudget(backend, machineBytes);
  return {
    bytesPerImage,
    budget,
    maxBatch: budget === null ? null : Math.max(1, Math.floor(budget / bytesPerImage)),
  };
}

const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

/** Throws a clear error, naming the batch size that would fit, when a batch cannot fit in memory. */
export function checkBatchFits(
  model: tf.LayersModel,
  options: { arch: string; size: number; batchSize: number; backend: BackendName },
  machineBytes?: number,
): void {
  const fit = batchFit(model, options.backend, machineBytes);
  if (fit.maxBatch === null || fit.budget === null || options.batchSize <= fit.maxBatch) return;
  const needed = fit.bytesPerImage * options.batchSize;
  throw new DeskfitError(
    'BAD_REQUEST',
    `A batch of ${options.batchSize} images at ${options.size}×${options.size} px needs about ${gib(needed)} to train ` +
      `${options.arch} on ${options.backend}, more than the ${gib(fit.budget)} it can use. ` +
      `Use a batch size of ${fit.maxBatch} or less, or a smaller image size.`,
    { bytesPerImage: fit.bytesPerImage, budget: fit.budget, maxBatch: fit.maxBatch },
  );
}
