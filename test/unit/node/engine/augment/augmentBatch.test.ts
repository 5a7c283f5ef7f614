import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { defaultAugConfig, noAugConfig } from '../../../../../src/main/engine/augment/augConfig';
import { augmentBatch, previewAugmentations } from '../../../../../src/main/engine/augment/augmentBatch';
import { identityParams, sampleAugParams } from '../../../../../src/main/engine/augment/augParams';
import { applyLighting } from '../../../../../src/main/engine/augment/lighting';
import { makeRng } from '../../../../../src/main/engine/random';
import { plane } from './augHelpers';

let live = 'cpu';
beforeAll(async () => {
  live = (await initBackend()).backend;
});

/** A batch of smooth-ish images in [0, 1]. */
function unitImages(n: number, h: number, w: number, c: number, seed = 1): tf.Tensor4D {
  const rng = makeRng(seed);
  return tf.tensor4d(
    Float32Array.from({ length: n * h * w * c }, () => rng.next()),
    [n, h, w, c],
  );
}

describe.each(['live', 'cpu'])('augmentBatch on the %s backend', (which) => {
  beforeAll(async () => {
    await tf.setBackend(which === 'live' ? live : 'cpu');
    expect(tf.getBackend()).toBe(which === 'live' ? live : 'cpu');
  });

  it('returns the input exactly when every magnitude is zero', () => {
    const x = unitImages(4, 7, 9, 3);
    const params = sampleAugParams(makeRng(5), noAugConfig, 4);
    const y = augmentBatch(x, params, { padding: 'reflection' });
    expect(y.shape).toEqual(x.shape);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });

  it('leaves neutral images bit-exact inside a batch where others are transformed and lit', () => {
    const x = unitImages(3, 6, 6, 3);
    const params = [identityParams, { ...identityParams, rotate: 7, contrast: 1.2 }, identityParams];
    const y = augmentBatch(x, params, { padding: 'reflection' });
    const xs = x.dataSync();
    const ys = y.dataSync();
    const size = 6 * 6 * 3;
    expect(Array.from(ys.slice(0, size))).toEqual(Array.from(xs.slice(0, size)));
    expect(Array.from(ys.slice(2 * size))).toEqual(Array.from(xs.slice(2 * size)));
    expect(Array.from(ys.slice(size, 2 * size))).not.toEqual(Array.from(xs.slice(size, 2 * size)));
    tf.dispose([x, y]);
  });

  it('flips exactly through the parameters', () => {
    const x = unitImages(1, 4, 5, 1);
    const y = augmentBatch(x, [{ ...identityParams, flip: true }], { padding: 'zeros' });
    expect(plane(y)).toEqual(plane(x).map((r) => [...r].reverse()));
    tf.dispose([x, y]);
  });

  it('lighting in logit space matches hand-computed values', () => {
    const x = tf.tensor4d([0.5, 0.75, 0.25, 0.5], [4, 1, 1, 1]);
    const y = applyLighting(x, [
      { ...identityParams, brightness: 0.6 }, // σ(0 + logit 0.6) = 0.6
      { ...identityParams, contrast: 2 }, // σ(2·ln 3) = 9/10
      { ...identityParams, contrast: 2 }, // σ(−2·ln 3) = 1/10
      { ...identityParams, brightness: 0.6, contrast: 2 }, // σ(2·ln 1.5) = 2.25/3.25 = 9/13
    ]);
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.6, 0.9, 0.1, 9 / 13][i] ?? NaN, 6));
    tf.dispose([x, y]);
  });

  it('keeps values in [0, 1] and leaks no tensors over repeated default batches', () => {
    const x = unitImages(8, 16, 16, 3);
    const rng = makeRng(9);
    const once = augmentBatch(x, sampleAugParams(rng, defaultAugConfig, 8), { padding: 'reflection' });
    once.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const y = augmentBatch(x, sampleAugParams(rng, defaultAugConfig, 8), { padding: 'reflection' });
      const [lo, hi] = tf.tidy(() => [y.min().dataSync()[0] ?? NaN, y.max().dataSync()[0] ?? NaN]);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      tf.dispose(y);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('previewAugmentations', () => {
  beforeAll(async () => {
    await tf.setBackend(live);
  });

  it('returns n seeded variants equal to augmentBatch on copies of the image', () => {
    const img = tf.tidy(() => unitImages(1, 8, 8, 3).squeeze([0]) as tf.Tensor3D);
    const before = tf.memory().numTensors;
    const a = previewAugmentations(img, 6, defaultAugConfig, 123);
    const b = previewAugmentations(img, 6, defaultAugConfig, 123);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(a.shape).toEqual([6, 8, 8, 3]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const copies = tf.tidy(() => tf.stack(Array.from({ length: 6 }, () => img)) as tf.Tensor4D);
    const direct = augmentBatch(copies, sampleAugParams(makeRng(123), defaultAugConfig, 6), {
      padding: defaultAugConfig.padding,
    });
    expect(Array.from(a.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([img, a, b, copies, direct]);
  });
});
