/**
 * Batches for training and validation: items in a seeded order per epoch, pixels from the
 * training-size cache (decoded once, kept on disk), and the next batch read while the current one
 * trains. Batches stay as bytes on the host; `batchTensors` moves one to the backend, where
 * augmentation and normalisation run on the whole batch.
 */
import * as tf from '@tensorflow/tfjs';
import { ensureTrainingImage } from '../../data/images/trainingImages';
import type { TrainingItem } from './datasetSpec';
import type { ChannelStats } from './normalize';
import { batchRanges, epochOrder } from './shuffle';

export interface HostBatch {
  /** `count × size × size × 3` RGB bytes. */
  pixels: Uint8Array;
  labels: Int32Array;
  ids: number[];
  count: number;
}

export type ImageLoader = (item: TrainingItem, size: number) => Promise<Uint8Array>;

export interface BatchLoaderOptions {
  items: readonly TrainingItem[];
  cacheDir: string;
  size: number;
  batchSize: number;
  /** Training data is shuffled each epoch; validation data keeps its order. */
  shuffle: boolean;
  seed: number;
  /** Replaces the cache reader (tests). */
  loadImage?: ImageLoader;
}

export class BatchLoader {
  private readonly load: ImageLoader;

  constructor(private readonly options: BatchLoaderOptions) {
    if (options.batchSize < 1) throw new RangeError('batchSize must be at least 1');
    this.load =
      options.loadImage ??
      ((item, size) => ensureTrainingImage(options.cacheDir, item.hash, item.file, size));
  }

  get itemCount(): number {
    return this.options.items.length;
  }

  batchesPerEpoch(): number {
    return batchRanges(this.options.items.length, this.options.batchSize).length;
  }

  /** The item order of an epoch (identity when not shuffling). */
  order(epoch: number): Uint32Array {
    const n = this.options.items.length;
    if (this.options.shuffle) return epochOrder(n, this.options.seed, epoch);
    return Uint32Array.from({ length: n }, (_, i) => i);
  }

  /**
   * The batches of one epoch, from batch `startBatch` on (for resuming), reading batch k+1 while the
   * caller works on batch k.
   */
  async *epoch(epoch: number, startBatch = 0): AsyncGenerator<HostBatch> {
    const order = this.order(epoch);
    const ranges = batchRanges(order.length, this.options.batchSize).slice(startBatch);
    let next = ranges[0] ? this.read(order, ranges[0]) : undefined;
    for (let b = 0; b < ranges.length; b++) {
      const current = await next!;
      const following = ranges[b + 1];
      next = following ? this.read(order, following) : undefined;
      // A prefetch that fails while the caller stops early must not surface as an unhandled rejection.
      next?.catch(() => undefined);
      yield current;
    }
  }

  private async read(order: Uint32Array, [start, end]: [number, number]): Promise<HostBatch> {
    const { size, items } = this.options;
    const count = end - start;
    const frame = size * size * 3;
    const pixels = new Uint8Array(count * frame);
    const labels = new Int32Array(count);
    const ids: number[] = new Array<number>(count);
    await Promise.all(
      Array.from({ length: count }, async (_, k) => {
        const item = items[order[start + k]!]!;
        const image = await this.load(item, size);
        if (image.length !== frame) {
          throw new Error(`The cached image of ${item.file} has ${image.length} bytes, expected ${frame}.`);
        }
        pixels.set(image, k * frame);
        labels[k] = item.label;
        ids[k] = item.id;
      }),
    );
    return { pixels, labels, ids, count };
  }
}

/** Pixels as float 0..1 NHWC and labels as int32, on the live backend. The caller disposes them. */
export function batchTensors(batch: HostBatch, size: number): { x01: tf.Tensor4D; y: tf.Tensor1D } {
  return tf.tidy(() => {
    const bytes = tf.tensor4d(batch.pixels, [batch.count, size, size, 3], 'int32');
    return {
      x01: tf.div(tf.cast(bytes, 'float32'), 255) as tf.Tensor4D,
      y: tf.tensor1d(batch.labels, 'int32'),
    };
  });
}

/** `(x - mean) / std` per channel, on a 0..1 batch. */
export function normalizeBatch(x01: tf.Tensor4D, stats: ChannelStats): tf.Tensor4D {
  return tf.tidy(() => {
    const mean = tf.tensor1d(stats.mean);
    const std = tf.tensor1d(stats.std);
    return tf.div(tf.sub(x01, mean), std) as tf.Tensor4D;
  });
}
