/**
 * Turns a TF.js Layers `model.json` plus its weight shards into the ModelArtifacts that
 * `tf.loadLayersModel` accepts from an IOHandler. The pure-JS backends cannot load `file://` URLs
 * (that needs tfjs-node), and the pretrained nsfwjs body ships as JS modules, so both sources
 * read their bytes themselves and meet here. Checks the shape of the JSON and the shard sizes so a
 * wrong file fails with a sentence, not deep inside tfjs.
 */
import type * as tf from '@tensorflow/tfjs';

/** An IOHandler that can load (tfjs types `load` as optional). */
export interface LoadHandler extends tf.io.IOHandler {
  load: () => Promise<tf.io.ModelArtifacts>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates the parts of a model.json that loading relies on. */
export function asLayersModelJson(value: unknown, source: string): tf.io.ModelJSON {
  if (!isRecord(value)) throw new Error(`${source} is not a JSON object, so not a TF.js model.json`);
  if (value['format'] === 'graph-model') {
    throw new Error(
      `${source} is a TF.js graph model; deskfit needs a Layers model (convert with ` +
        `tensorflowjs_converter --output_format=tfjs_layers_model)`,
    );
  }
  if (!isRecord(value['modelTopology'])) throw new Error(`${source} has no modelTopology object`);
  const manifest = value['weightsManifest'];
  if (!Array.isArray(manifest)) throw new Error(`${source} has no weightsManifest list`);
  for (const group of manifest) {
    if (!isRecord(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw new Error(`${source}: every weightsManifest entry needs "paths" and "weights" lists`);
    }
    if (!group['paths'].every((p) => typeof p === 'string')) {
      throw new Error(`${source}: weightsManifest paths must be strings`);
    }
  }
  return value as unknown as tf.io.ModelJSON;
}

const bytesPerElement: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Bytes the weight specs describe (quantized weights are stored at their quantized width). */
export function expectedWeightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const width = bytesPerElement[dtype];
    if (width === undefined)
      throw new Error(`weight ${spec.name} has dtype ${dtype}, which deskfit cannot load`);
    total += spec.shape.reduce((p, d) => p * d, 1) * width;
  }
  return total;
}

/** Reads every shard the manifest lists (in order) and returns artifacts for `tf.loadLayersModel`. */
export async function artifactsFromModelJson(
  json: tf.io.ModelJSON,
  readShard: (path: string) => Promise<Uint8Array>,
  source: string,
): Promise<tf.io.ModelArtifacts> {
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) parts.push(await readShard(path));
    weightSpecs.push(...group.weights);
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const expected = expectedWeightBytes(weightSpecs);
  if (total < expected) {
    throw new Error(`${source}: the weight shards hold ${total} bytes but model.json describes ${expected}`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    weightData.set(part, offset);
    offset += part.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: weightData.buffer,
  };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined && json.convertedBy !== null) artifacts.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) artifacts.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata !== undefined) artifacts.userDefinedMetadata = json.userDefinedMetadata;
  return artifacts;
}
