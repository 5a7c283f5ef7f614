/**
 * Per-channel normalisation: ImageNet statistics for a pretrained body (what it was trained with),
 * otherwise statistics measured on a sample of the training images, as fastai's `Normalize`.
 */
export interface ChannelStats {
  mean: [number, number, number];
  std: [number, number, number];
}

/** ImageNet statistics on 0..1 pixel values (fastai's `imagenet_stats`). */
export const imagenetStats: ChannelStats = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** Mean and standard deviation per channel of RGB uint8 images, on the 0..1 scale. */
export function measureStats(images: readonly Uint8Array[]): ChannelStats {
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  let pixels = 0;
  for (const image of images) {
    for (let p = 0; p + 2 < image.length; p += 3) {
      for (let c = 0; c < 3; c++) {
        const v = image[p + c]! / 255;
        sum[c]! += v;
        sumSq[c]! += v * v;
      }
    }
    pixels += Math.floor(image.length / 3);
  }
  if (pixels === 0) return { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
  const mean = sum.map((s) => s / pixels) as [number, number, number];
  const std = sumSq.map((s, c) => Math.sqrt(Math.max(1e-12, s / pixels - mean[c]! ** 2))) as [
    number,
    number,
    number,
  ];
  return { mean, std };
}
