/**
 * A seeded synthetic two-class image set for the self-test: horizontal (class 0) versus vertical
 * (class 1) stripes of random period, phase, contrast and tint, plus Gaussian noise. Easy enough
 * for a tiny convnet to learn in a few dozen steps, hard enough that its loss visibly falls.
 */
import type { Rng } from './random';

export interface ImageBatch {
  /** NHWC float pixels, roughly zero-mean, |x| ≲ 2. */
  pixels: Float32Array;
  /** Class per image: 0 horizontal stripes, 1 vertical. */
  labels: Int32Array;
  batchSize: number;
  imageSize: number;
}

const CHANNELS = 3;

export function stripesBatch(rng: Rng, batchSize: number, imageSize: number): ImageBatch {
  const plane = imageSize * imageSize * CHANNELS;
  const pixels = new Float32Array(batchSize * plane);
  const labels = new Int32Array(batchSize);
  for (let n = 0; n < batchSize; n++) {
    const label = rng.int(2);
    labels[n] = label;
    const period = 3 + rng.next() * 3;
    const phase = rng.next() * 2 * Math.PI;
    const contrast = 0.6 + rng.next() * 0.6;
    const offset = (rng.next() - 0.5) * 0.6;
    const tint = [0.5 + rng.next() * 0.5, 0.5 + rng.next() * 0.5, 0.5 + rng.next() * 0.5];
    for (let y = 0; y < imageSize; y++) {
      for (let x = 0; x < imageSize; x++) {
        const along = label === 0 ? y : x;
        const wave = contrast * Math.sin((2 * Math.PI * along) / period + phase);
        const base = n * plane + (y * imageSize + x) * CHANNELS;
        for (let c = 0; c < CHANNELS; c++) {
          pixels[base + c] = (tint[c] ?? 1) * wave + offset + 0.3 * rng.normal();
        }
      }
    }
  }
  return { pixels, labels, batchSize, imageSize };
}
