/**
 * A model's weights as host memory: every variable (BatchNorm running statistics included) in a
 * stable order — layer by layer, each layer's own order, which freezing does not change (the model's
 * `weights` list does: it puts trainable ones first). Checkpoints and the best-epoch keeper copy
 * weights out and back through here, so no extra tensors stay alive.
 */
import * as tf from '@tensorflow/tfjs';

export interface WeightSpec {
  name: string;
  shape: number[];
  /** Offset in floats into the packed data. */
  offset: number;
}

function isContainer(layer: tf.layers.Layer): layer is tf.layers.Layer & { layers: tf.layers.Layer[] } {
  return Array.isArray((layer as { layers?: unknown }).layers);
}

/** Every variable of the model, each once, in the stable layer order. */
export function modelVariables(model: tf.LayersModel): tf.Variable[] {
  const seen = new Set<tf.Variable>();
  const out: tf.Variable[] = [];
  const visit = (layer: tf.layers.Layer): void => {
    if (isContainer(layer)) {
      layer.layers.forEach(visit);
      return;
    }
    for (const weight of layer.weights) {
      const variable = weight.read();
      if (!(variable instanceof tf.Variable)) throw new Error(`weight ${weight.name} is not a tf.Variable`);
      if (seen.has(variable)) continue;
      seen.add(variable);
      out.push(variable);
    }
  };
  model.layers.forEach(visit);
  return out;
}

/** Copies the variables' values to the host (one Float32Array each). */
export async function readWeights(variables: readonly tf.Variable[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const v of variables) {
    if (v.dtype !== 'float32') throw new Error(`variable ${v.name} is ${v.dtype}; only float32 is saved`);
    out.push(Float32Array.from((await v.data()) as Float32Array));
  }
  return out;
}

/** Writes host values back into the variables (same order and sizes as `readWeights` gave). */
export function assignWeights(variables: readonly tf.Variable[], values: readonly Float32Array[]): void {
  if (values.length !== variables.length) {
    throw new Error(`${values.length} saved weights for a model with ${variables.length} variables`);
  }
  variables.forEach((v, i) => {
    const value = values[i]!;
    if (value.length !== v.size) {
      throw new Error(`saved weight ${i} has ${value.length} values; variable ${v.name} has ${v.size}`);
    }
    tf.tidy(() => v.assign(tf.tensor(value, v.shape, 'float32')));
  });
}

/** One Float32Array for all weights, with each variable's name, shape and offset. */
export function packWeights(
  variables: readonly tf.Variable[],
  values: readonly Float32Array[],
): { specs: WeightSpec[]; data: Float32Array } {
  let floats = 0;
  const specs = variables.map((v, i) => {
    const spec = { name: v.name, shape: [...v.shape], offset: floats };
    floats += values[i]?.length ?? 0;
    return spec;
  });
  const data = new Float32Array(floats);
  values.forEach((value, i) => data.set(value, specs[i]!.offset));
  return { specs, data };
}

/**
 * Splits packed data back into one array per live variable, checking that the saved model has the
 * same variables (count and shapes) in the same order.
 */
export function unpackWeights(
  specs: readonly WeightSpec[],
  data: Float32Array,
  variables: readonly tf.Variable[],
): Float32Array[] {
  if (specs.length !== variables.length) {
    throw new Error(`the checkpoint has ${specs.length} weights; this model has ${variables.length}`);
  }
  return specs.map((spec, i) => {
    const v = variables[i]!;
    if (!tf.util.arraysEqual(spec.shape, v.shape)) {
      throw new Error(
        `checkpoint weight ${spec.name} has shape [${spec.shape}]; the model's is [${v.shape}]`,
      );
    }
    const end = spec.offset + v.size;
    if (spec.offset < 0 || end > data.length) throw new Error(`checkpoint weight ${spec.name} is cut short`);
    return data.subarray(spec.offset, end);
  });
}
