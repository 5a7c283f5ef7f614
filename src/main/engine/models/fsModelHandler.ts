/**
 * An IOHandler that loads a TF.js Layers model from disk (model.json + weight shards beside it),
 * because `tf.loadLayersModel('file://…')` needs tfjs-node, which is optional and usually absent.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { artifactsFromModelJson, asLayersModelJson, type LoadHandler } from './modelArtifacts';

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/** `path` is a model.json file or a folder holding one. */
export async function resolveModelJsonPath(path: string): Promise<string> {
  const full = resolve(path);
  try {
    return (await stat(full)).isDirectory() ? join(full, 'model.json') : full;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') {
      throw new Error(
        `no model at ${full}: point at a TF.js Layers model folder (model.json + weight files)`,
      );
    }
    throw err;
  }
}

export function fsModelHandler(path: string): LoadHandler {
  return {
    load: async () => {
      const jsonPath = await resolveModelJsonPath(path);
      let text: string;
      try {
        text = await readFile(jsonPath, 'utf8');
      } catch (err) {
        if (errorCode(err) === 'ENOENT') {
          throw new Error(
            `no model.json at ${jsonPath}: a TF.js Layers model is a model.json with weight files`,
          );
        }
        throw err;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new Error(
          `${jsonPath} is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      const json = asLayersModelJson(parsed, jsonPath);
      const dir = dirname(jsonPath);
      const readShard = async (shard: string): Promise<Uint8Array> => {
        const file = resolve(dir, decodeURIComponent(shard));
        if (!file.startsWith(dir + sep))
          throw new Error(`${jsonPath} lists a weight file outside its folder: ${shard}`);
        try {
          return new Uint8Array(await readFile(file));
        } catch (err) {
          if (errorCode(err) === 'ENOENT')
            throw new Error(`weight file ${shard} listed in ${jsonPath} is missing`);
          throw err;
        }
      };
      return artifactsFromModelJson(json, readShard, jsonPath);
    },
  };
}
