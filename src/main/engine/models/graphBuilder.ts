/**
 * Builds a functional tfjs graph while recording which layer group (early body, late body, head)
 * each layer belongs to, so layer groups come from construction rather than from name matching.
 * Also holds the building blocks every architecture here shares: conv, BatchNorm, ReLU.
 */
import * as tf from '@tensorflow/tfjs';
import { FastBatchNorm } from './fastBatchNorm';
import { LeanConv2D } from './leanConv2d';
import type { LayerGroupName } from './types';

export class GraphBuilder {
  readonly groups: Record<LayerGroupName, tf.layers.Layer[]> = { early: [], late: [], head: [] };
  /** Group that `add` puts layers into. */
  group: LayerGroupName = 'early';

  add(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
    this.groups[this.group].push(layer);
    const out = layer.apply(input);
    if (!(out instanceof tf.SymbolicTensor)) {
      throw new Error(`layer ${layer.name} did not give one symbolic tensor`);
    }
    return out;
  }

  /** All recorded layers, early → late → head. */
  all(): tf.layers.Layer[] {
    return [...this.groups.early, ...this.groups.late, ...this.groups.head];
  }
}

export interface ConvSpec {
  filters: number;
  kernel: number;
  strides?: number;
  /** Convs followed by BatchNorm have none (as PyTorch/fastai). */
  bias?: boolean;
  padding?: 'same' | 'valid';
}

/** A conv (plain-op LeanConv2D, zero kernel for heNormalInit to fill) with 'same' padding by default. */
export function conv(b: GraphBuilder, x: tf.SymbolicTensor, name: string, spec: ConvSpec): tf.SymbolicTensor {
  const layer = new LeanConv2D({
    name,
    filters: spec.filters,
    kernelSize: spec.kernel,
    strides: spec.strides ?? 1,
    padding: spec.padding ?? 'same',
    useBias: spec.bias ?? false,
  });
  return b.add(layer, x);
}

export function batchNorm(b: GraphBuilder, x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return b.add(new FastBatchNorm({ name }), x);
}

export function relu(b: GraphBuilder, x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return b.add(tf.layers.reLU({ name }), x);
}

/** conv → BN → ReLU (fastai's ConvLayer). */
export function convBnRelu(
  b: GraphBuilder,
  x: tf.SymbolicTensor,
  name: string,
  spec: ConvSpec,
): tf.SymbolicTensor {
  return relu(b, batchNorm(b, conv(b, x, `${name}_conv`, spec), `${name}_bn`), `${name}_relu`);
}

/** Spatial side after a 'same' conv or pool with this stride. */
export function sameOut(size: number, strides: number): number {
  return Math.ceil(size / strides);
}
