import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWasmBackend } from '../../../../src/main/engine/wasmBackend';
import { registerWasmGradients, wasmGradientKernels } from '../../../../src/main/engine/wasmGradients';
import { diff, onBackend, seeded, type Diff } from './gradCompare';

type Pad = 'same' | 'valid' | number;

interface ConvCase {
  name: string;
  x: [number, number, number, number];
  k: number;
  cout: number;
  stride: number;
  pad: Pad;
}

const convCases: ConvCase[] = [
  { name: '3x3 s1 same, even', x: [2, 8, 8, 3], k: 3, cout: 4, stride: 1, pad: 'same' },
  { name: '3x3 s1 valid, odd', x: [3, 7, 7, 2], k: 3, cout: 5, stride: 1, pad: 'valid' },
  { name: '3x3 s2 same, even', x: [2, 8, 8, 3], k: 3, cout: 4, stride: 2, pad: 'same' },
  { name: '3x3 s2 same, odd', x: [2, 9, 7, 3], k: 3, cout: 4, stride: 2, pad: 'same' },
  { name: '3x3 s2 valid, odd', x: [2, 9, 9, 2], k: 3, cout: 3, stride: 2, pad: 'valid' },
  { name: '3x3 s2 valid, even', x: [2, 10, 8, 2], k: 3, cout: 3, stride: 2, pad: 'valid' },
  { name: '1x1 s1 same', x: [2, 6, 6, 4], k: 1, cout: 8, stride: 1, pad: 'same' },
  { name: '1x1 s2 valid, odd', x: [2, 7, 7, 4], k: 1, cout: 6, stride: 2, pad: 'valid' },
  { name: '1x1 s2 same, even', x: [2, 8, 8, 4], k: 1, cout: 6, stride: 2, pad: 'same' },
  { name: '5x5 s2 same, odd', x: [2, 11, 11, 3], k: 5, cout: 4, stride: 2, pad: 'same' },
  { name: '3x3 s1 explicit pad 1', x: [2, 6, 6, 2], k: 3, cout: 3, stride: 1, pad: 1 },
  { name: '3x3 s2 explicit pad 2', x: [2, 7, 8, 2], k: 3, cout: 3, stride: 2, pad: 2 },
  { name: '4x4 s2 same, even kernel', x: [2, 9, 8, 2], k: 4, cout: 3, stride: 2, pad: 'same' },
];

const TOL = 1e-4;

/** d/dx and d/dW of Σ conv(x, W) · r for a fixed random r, so every output position matters. */
function convGrads(c: ConvCase, depthwise: boolean, multiplier = 1): () => tf.Tensor[] {
  const cin = c.x[3];
  const wShape = depthwise ? [c.k, c.k, cin, multiplier] : [c.k, c.k, cin, c.cout];
  const x = seeded(c.x, 1);
  const w = seeded(wShape, 2);
  return () => {
    const xt = tf.tensor4d(x.values, c.x);
    const wt = tf.tensor4d(w.values, wShape as [number, number, number, number]);
    const forward = (a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D =>
      depthwise ? tf.depthwiseConv2d(a, b, c.stride, c.pad) : tf.conv2d(a, b, c.stride, c.pad);
    const outShape = forward(xt, wt).shape;
    const r = seeded(outShape, 3);
    const rt = tf.tensor4d(r.values, outShape);
    const g = tf.grads((...args: tf.Tensor[]) => {
      const [a, b] = args as [tf.Tensor4D, tf.Tensor4D];
      return tf.sum(tf.mul(forward(a, b), rt));
    });
    return g([xt, wt]);
  };
}

async function compare(fn: () => tf.Tensor[]): Promise<{ dx: Diff; dw: Diff }> {
  const [cx, cw] = await onBackend('cpu', fn);
  const [wx, ww] = await onBackend('wasm', fn);
  if (!cx || !cw || !wx || !ww) throw new Error('missing gradient');
  return { dx: diff(cx, wx), dw: diff(cw, ww) };
}

const observed: { maxAbs: number; maxRel: number } = { maxAbs: 0, maxRel: 0 };
function record(d: { dx: Diff; dw: Diff }): void {
  for (const v of [d.dx, d.dw]) {
    observed.maxAbs = Math.max(observed.maxAbs, v.maxAbs);
    observed.maxRel = Math.max(observed.maxRel, v.maxRel);
  }
}

describe('wasm convolution gradients', () => {
  let patched: string[] = [];
  beforeAll(async () => {
    patched = (await ensureWasmBackend()).patchedKernels;
  });

  it('registers the missing kernels once, and only those', () => {
    expect(patched).toContain('Conv2DBackpropFilter');
    expect(patched).toContain('Conv2DBackpropInput'); // stock one replaced: measured slower
    expect(patched).toContain('DepthwiseConv2dNativeBackpropFilter');
    expect(patched).toContain('DepthwiseConv2dNativeBackpropInput');
    for (const config of wasmGradientKernels) {
      expect(tf.getKernel(config.kernelName, 'wasm').kernelFunc).toBe(config.kernelFunc);
    }
    expect(registerWasmGradients()).toEqual(patched);
  });

  for (const c of convCases) {
    it(`conv2d ${c.name} matches cpu`, async () => {
      const d = await compare(convGrads(c, false));
      record(d);
      expect(d.dx.maxRel).toBeLessThan(TOL);
      expect(d.dw.maxRel).toBeLessThan(TOL);
    });
  }

  for (const c of convCases.filter((k) => k.k > 1)) {
    it(`depthwise ${c.name} matches cpu`, async () => {
      const d = await compare(convGrads(c, true));
      record(d);
      expect(d.dx.maxRel).toBeLessThan(TOL);
      expect(d.dw.maxRel).toBeLessThan(TOL);
    });
  }

  it('depthwise with channel multiplier 2 matches cpu', async () => {
    const c: ConvCase = { name: 'm2', x: [2, 9, 8, 3], k: 3, cout: 0, stride: 2, pad: 'same' };
    const d = await compare(convGrads(c, true, 2));
    record(d);
    expect(d.dx.maxRel).toBeLessThan(TOL);
    expect(d.dw.maxRel).toBeLessThan(TOL);
  });

  it('conv2dTranspose (which runs Conv2DBackpropInput) matches cpu', async () => {
    const x = seeded([2, 5, 5, 4], 7);
    const w = seeded([3, 3, 3, 4], 8);
    const fn = (): tf.Tensor[] => [
      tf.conv2dTranspose(
        tf.tensor4d(x.values, [2, 5, 5, 4]),
        tf.tensor4d(w.values, [3, 3, 3, 4]),
        [2, 10, 10, 3],
        2,
        'same',
      ),
    ];
    const [c] = await onBackend('cpu', fn);
    const [wv] = await onBackend('wasm', fn);
    if (!c || !wv) throw new Error('missing output');
    expect(diff(c, wv).maxRel).toBeLessThan(TOL);
  });

  it('leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const out = tf.tidy(convGrads(convCases[3] as ConvCase, false));
    tf.dispose(out);
    const out2 = tf.tidy(convGrads(convCases[3] as ConvCase, true));
    tf.dispose(out2);
    expect(tf.memory().numTensors).toBe(before);
    console.log(
      `wasm vs cpu gradients: max abs ${observed.maxAbs.toExponential(2)}, max rel ${observed.maxRel.toExponential(2)}`,
    );
  });
});

describe('NCHW layout', () => {
  it('Conv2DBackpropFilter and Conv2DBackpropInput accept NCHW like cpu does', async () => {
    await ensureWasmBackend();
    const x = seeded([2, 3, 9, 8], 11); // N C H W
    const dy = seeded([2, 4, 5, 4], 12); // stride 2, same
    const w = seeded([3, 3, 3, 4], 13);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW' } as const;
    const fn = (): tf.Tensor[] => {
      const xt = tf.tensor4d(x.values, [2, 3, 9, 8]);
      const dyt = tf.tensor4d(dy.values, [2, 4, 5, 4]);
      const wt = tf.tensor4d(w.values, [3, 3, 3, 4]);
      const dw = tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropFilter,
          { x: xt, dy: dyt },
          { ...attrs, filterShape: [3, 3, 3, 4] },
        ) as tf.Tensor;
      const dx = tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropInput,
          { dy: dyt, filter: wt },
          { ...attrs, inputShape: [2, 3, 9, 8] },
        ) as tf.Tensor;
      return [dw, dx];
    };
    const [cw, cx] = await onBackend('cpu', fn);
    const [ww, wx] = await onBackend('wasm', fn);
    if (!cw || !cx || !ww || !wx) throw new Error('missing output');
    expect(diff(cw, ww).maxRel).toBeLessThan(TOL);
    expect(diff(cx, wx).maxRel).toBeLessThan(TOL);
  });
});
