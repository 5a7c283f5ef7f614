/**
 * The `augment-preview` job behind the Augment page: one image at the preview size (scaled and
 * centre-cropped as training does), then `n` variants through exactly the training augmentation
 * (`sampleAugParams` + `augmentBatch`, via `previewAugmentations`) seeded by the request, so the
 * page shows what the model will see and the same seed shows the same set again. Images come back
 * as PNG data URLs, the original first.
 */
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { DeskfitError } from '../../../shared/errors';
import type { AugmentPreviewParams } from '../../../shared/contract';
import type { AugmentPreviewResult } from '../../../shared/training';
import { requireField, type JobData } from '../../jobs/jobData';
import { JobCancelled, type JobContext } from '../../jobs/types';
import { previewAugmentations } from '../augment/augmentBatch';
import { augConfigFromSettings } from '../augment/fromSettings';
import { initBackend } from '../backend';
import { ImageUnusable, prepareItemImage } from '../predict/prepareImage';

async function pngDataUrl(pixels: Uint8Array, size: number): Promise<string> {
  const png = await sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), {
    raw: { width: size, height: size, channels: 3 },
  })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** `[n, size, size, 3]` 0..1 floats as RGB bytes. */
async function toBytes(images: tf.Tensor4D): Promise<Uint8Array> {
  const bytes = tf.tidy(() => tf.clipByValue(tf.round(tf.mul(images, 255)), 0, 255).cast('int32'));
  try {
    return Uint8Array.from(await bytes.data());
  } finally {
    bytes.dispose();
  }
}

export async function runAugmentPreviewJob(
  params: AugmentPreviewParams,
  data: JobData,
  ctx: JobContext,
): Promise<AugmentPreviewResult> {
  await initBackend();
  const item = requireField('augment-preview', data, 'items')[0];
  if (!item) throw new DeskfitError('BAD_REQUEST', 'The augment-preview job arrived without its image.');
  const { size, n, seed } = params;
  let config;
  try {
    config = augConfigFromSettings(params.augmentation);
  } catch (err) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `The augmentation settings are out of range: ${(err as Error).message}`,
    );
  }
  let pixels: Uint8Array;
  try {
    pixels = await prepareItemImage(item, size, data.cacheDir);
  } catch (err) {
    const reason = err instanceof ImageUnusable ? err.reason : (err as Error).message;
    throw new DeskfitError('BAD_REQUEST', `Cannot preview ${item.name}: ${reason}`);
  }
  if (ctx.signal.aborted) throw new JobCancelled();
  const variants = tf.tidy(() => {
    const image = tf.div(
      tf.cast(tf.tensor3d(pixels, [size, size, 3], 'int32'), 'float32'),
      255,
    ) as tf.Tensor3D;
    return previewAugmentations(image, n, config, seed);
  });
  let bytes: Uint8Array;
  try {
    bytes = await toBytes(variants);
  } finally {
    variants.dispose();
  }
  const frame = size * size * 3;
  const [original, ...images] = await Promise.all([
    pngDataUrl(pixels, size),
    ...Array.from({ length: n }, (_, k) => pngDataUrl(bytes.subarray(k * frame, (k + 1) * frame), size)),
  ]);
  ctx.progress({ step: 1, total: 1, message: 'preview' });
  return { itemId: item.id, size, original: original!, images };
}
