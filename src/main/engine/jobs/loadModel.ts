/**
 * Loads a saved deskfit model folder — `model.json` + `weights.bin` (TF.js Layers) and the
 * `deskfit.json` manifest saved beside them — for interpret and predict. The manifest is checked
 * before any weight is read, so a folder that is not a deskfit model, is damaged, or was written by
 * a newer deskfit fails with one sentence naming the folder and what to do. The layers are rebuilt
 * as the engine's own fast layers (predict/engineLayers.ts), so predictions match training's.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { DeskfitError } from '../../../shared/errors';
import type { ChannelStats } from '../data/normalize';
import { fsModelHandler } from '../models/fsModelHandler';
import { engineLayerObjects } from '../predict/engineLayers';
import { manifestVersion, type ModelManifest } from './modelManifest';

const channelTriple = z.tuple([z.number(), z.number(), z.number()]);
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);

/** What loading relies on; other manifest fields are kept as they are. */
export const ModelManifestSchema = z
  .object({
    deskfit: z.number().int().min(1),
    task: z.string(),
    classes: z.array(z.string()).min(1),
    inputSize: z.number().int().min(1).max(4096),
    normalization: z.object({ mean: channelTriple, std: positiveTriple }),
    arch: z.string().default('unknown'),
  })
  .loose();

export interface LoadedModel {
  dir: string;
  model: tf.LayersModel;
  manifest: ModelManifest;
  classes: string[];
  inputSize: number;
  stats: ChannelStats;
  dispose(): void;
}

function noModel(dir: string, what: string): DeskfitError {
  return new DeskfitError(
    'NO_MODEL',
    `${dir} is not a usable deskfit model folder: ${what}. Point at a run's model folder or an export (model.json, weights.bin and deskfit.json).`,
  );
}

async function readManifest(dir: string): Promise<ModelManifest> {
  const file = join(dir, 'deskfit.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw noModel(dir, 'deskfit.json is missing');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw noModel(
      dir,
      `deskfit.json is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const version = (raw as { deskfit?: unknown } | null)?.deskfit;
  if (typeof version === 'number' && version > manifestVersion) {
    throw new DeskfitError(
      'SCHEMA_TOO_NEW',
      `The model in ${dir} was saved by a newer deskfit (model format ${version}; this version reads up to ${manifestVersion}). Update deskfit to use it.`,
    );
  }
  const parsed = ModelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.map(String).join('.') : '(root)';
    throw noModel(dir, `deskfit.json field ${field}: ${issue?.message ?? 'invalid'}`);
  }
  if (parsed.data.task !== 'single-label') {
    throw noModel(dir, `it is a ${parsed.data.task} model; this version predicts single-label models only`);
  }
  return parsed.data as unknown as ModelManifest;
}

/** Checks that the network takes the manifest's images and gives one score per class. */
function checkShapes(dir: string, model: tf.LayersModel, manifest: ModelManifest): void {
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  const size = manifest.inputSize;
  const inputOk =
    input.length === 4 && (input[1] ?? size) === size && (input[2] ?? size) === size && input[3] === 3;
  if (!inputOk) {
    throw noModel(dir, `the network takes [${input.join(', ')}] but deskfit.json says ${size}×${size} RGB`);
  }
  if (output.length !== 2 || output[1] !== manifest.classes.length) {
    throw noModel(
      dir,
      `the network gives [${output.join(', ')}] scores but deskfit.json lists ${manifest.classes.length} classes`,
    );
  }
}

/** The network with the engine's own layers (engineLayers.ts) and the saved weights. */
async function buildModel(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new Error('model.json lists no weights');
  const model = await tf.models.modelFromJSON(
    { modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'] },
    engineLayerObjects(),
  );
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    model.loadWeights(weights, true);
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    tf.dispose(Object.values(weights));
  }
  return model;
}

/** `dir` is a model folder (or its model.json); the caller disposes the result. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  let folder = resolve(dir);
  try {
    const info = await stat(folder);
    if (info.isFile() && folder.endsWith('model.json')) folder = resolve(folder, '..');
    else if (!info.isDirectory()) throw noModel(folder, 'it is a file, not a folder');
  } catch (err) {
    if (err instanceof DeskfitError) throw err;
    throw new DeskfitError('NO_MODEL', `No model at ${folder}: the folder does not exist. Check the path.`);
  }
  const manifest = await readManifest(folder);
  let model: tf.LayersModel;
  try {
    model = await buildModel(await fsModelHandler(folder).load());
  } catch (err) {
    throw noModel(folder, err instanceof Error ? err.message : String(err));
  }
  try {
    checkShapes(folder, model, manifest);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return {
    dir: folder,
    model,
    manifest,
    classes: manifest.classes,
    inputSize: manifest.inputSize,
    stats: manifest.normalization,
    dispose: () => model.dispose(),
  };
}
