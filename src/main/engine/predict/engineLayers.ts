/**
 * Saved models use stock layer class names (Conv2D, Dense, BatchNormalization, ReLU) so any TF.js
 * app can load them, but the engine trains and validates with its own fast versions of those
 * layers, whose float rounding differs slightly from the stock fused kernels. Loading a model with
 * these custom objects rebuilds the same layers the trainer used — chosen from each layer's config
 * exactly as `cloneBody` chooses them — so a reloaded or exported model predicts bit for bit what
 * the in-memory model predicted. A config our layers cannot express falls back to the stock class.
 * Scoped to one load (tfjs's customObjects), the global class registry is left alone.
 */
import * as tf from '@tensorflow/tfjs';
import { CappedRelu } from '../models/cappedRelu';
import { FastBatchNorm } from '../models/fastBatchNorm';
import { FastDense } from '../models/fastDense';
import { LeanConv2D } from '../models/leanConv2d';

type Config = tf.serialization.ConfigDict;
type Ctor = tf.serialization.SerializableConstructor<tf.serialization.Serializable>;
type FromConfig = (cls: Ctor, config: Config, customObjects?: Config, fastWeightInit?: boolean) => unknown;

function stock(className: string): [Ctor, FromConfig] {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) throw new Error(`tfjs has no ${className} layer registered`);
  return entry as unknown as [Ctor, FromConfig];
}

function name(config: Config): string | undefined {
  return typeof config['name'] === 'string' ? config['name'] : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

const isRegularised = (config: Config, keys: string[]): boolean => keys.some((k) => config[k] != null);

/** One entry: our layer when `make` returns one, else the stock class from the same config. */
function entry(className: string, make: (config: Config) => tf.layers.Layer | undefined): [Ctor, FromConfig] {
  const [stockCls, stockFromConfig] = stock(className);
  const fromConfig: FromConfig = (_cls, config, customObjects, fastWeightInit) =>
    make(config) ?? stockFromConfig(stockCls, config, customObjects, fastWeightInit);
  return [stockCls, fromConfig];
}

/** The `customObjects` for `tf.models.modelFromJSON`. */
export function engineLayerObjects(): Config {
  const objects = {
    Conv2D: entry('Conv2D', (c) => LeanConv2D.fromStockConfig(name(c) ?? 'conv2d', c)),
    Dense: entry('Dense', (c) =>
      (c['activation'] ?? 'linear') === 'linear' && !isRegularised(c, ['kernelConstraint', 'biasConstraint'])
        ? new FastDense({
            ...(name(c) ? { name: name(c) } : {}),
            units: numberOr(c['units'], 1),
            useBias: c['useBias'] !== false,
          })
        : undefined,
    ),
    BatchNormalization: entry('BatchNormalization', (c) => {
      // Our layer normalises the last axis, which deskfit's saved models always name as -1.
      if (numberOr(c['axis'], -1) !== -1) return undefined;
      return new FastBatchNorm({
        ...(name(c) ? { name: name(c) } : {}),
        momentum: numberOr(c['momentum'], 0.99),
        epsilon: numberOr(c['epsilon'], 1e-3),
        center: c['center'] !== false,
        scale: c['scale'] !== false,
      });
    }),
    ReLU: entry('ReLU', (c) =>
      typeof c['maxValue'] === 'number'
        ? new CappedRelu({ ...(name(c) ? { name: name(c) } : {}), maxValue: c['maxValue'] })
        : undefined,
    ),
  };
  return objects as unknown as Config;
}
