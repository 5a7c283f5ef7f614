/**
 * The offline pretrained body: nsfwjs bundles a Keras MobileNetV2 (224², ImageNet weights in its
 * first ~100 layers, the rest fine-tuned) as JS modules holding the model JSON and base64 weight
 * shards. We read them through the package's public `nsfwjs/models/mobilenet_v2` export, never
 * over the network, and hand tfjs an in-memory IOHandler.
 */
import { artifactsFromModelJson, asLayersModelJson, type LoadHandler } from './modelArtifacts';

const SOURCE = 'nsfwjs MobileNetV2';
/** Where the body ends: the last ReLU before nsfwjs's classifier (1280 channels). */
export const MOBILENET_V2_CUT = 'out_relu';
/** First layer the nsfwjs authors fine-tuned; everything before it kept ImageNet weights. */
export const MOBILENET_V2_SPLIT = 'block_11_expand';

export function nsfwMobileNetV2Handler(): LoadHandler {
  return {
    load: async () => {
      const { MobileNetV2Model: def } = await import('nsfwjs/models/mobilenet_v2');
      const json = asLayersModelJson((await def.modelJson()).default, SOURCE);
      const shards = new Map<string, string>();
      for (let i = 0; i < def.numOfWeightBundles; i++) {
        const bundle = def.weightBundles[i];
        if (bundle === undefined)
          throw new Error(`${SOURCE}: weight bundle ${i + 1} is missing from the package`);
        shards.set(`group1-shard${i + 1}of${def.numOfWeightBundles}`, (await bundle()).default);
      }
      const readShard = (path: string): Promise<Uint8Array> => {
        const base64 = shards.get(path);
        if (base64 === undefined) throw new Error(`${SOURCE}: no bundled weights for shard ${path}`);
        return Promise.resolve(new Uint8Array(Buffer.from(base64, 'base64')));
      };
      return artifactsFromModelJson(json, readShard, SOURCE);
    },
  };
}
