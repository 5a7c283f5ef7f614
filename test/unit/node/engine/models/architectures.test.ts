import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { createModel, type ArchName, type DeskfitModel } from '../../../../../src/main/engine/models';
import { denseBlockLayers } from '../../../../../src/main/engine/models/densenet';
import { simpleCnnChannels } from '../../../../../src/main/engine/models/simpleCnn';

beforeAll(async () => {
  await initBackend();
});

const tiny: Record<Exclude<ArchName, 'mobilenetv2'>, number> = {
  'simple-cnn': 4,
  resnet18: 4,
  resnet34: 4,
  densenet: 4,
};

function classNames(m: DeskfitModel): string[] {
  return m.model.layers.map((l) => l.getClassName());
}

function outChannels(m: DeskfitModel, layerName: string): number | null | undefined {
  const out = m.model.getLayer(layerName).output as tf.SymbolicTensor;
  return out.shape[3];
}

function bodyParamCount(m: DeskfitModel): number {
  return m
    .paramGroups()
    .filter((g) => g.name !== 'head')
    .flatMap((g) => g.params)
    .reduce((n, p) => n + p.variable.size, 0);
}

describe('every architecture', () => {
  for (const arch of Object.keys(tiny) as (keyof typeof tiny)[]) {
    it(`${arch}: [batch, nClasses] logits for 32×32 images, groups cover every layer, no leak`, async () => {
      const before = tf.memory().numTensors;
      const m = await createModel(arch, { inputSize: 32, nClasses: 5, width: tiny[arch] });
      expect(m.model.inputs[0]?.shape).toEqual([null, 32, 32, 3]);
      expect(m.model.outputs[0]?.shape).toEqual([null, 5]);
      expect(m.arch).toBe(arch);
      expect(m.normalization).toBe('dataset');
      expect(m.frozen).toBe(false);
      const y = tf.tidy(() => m.model.predict(tf.randomUniform([3, 32, 32, 3])) as tf.Tensor);
      expect(y.shape).toEqual([3, 5]);
      // Logits, not probabilities: rows do not sum to 1.
      const rowSums = tf.tidy(() => tf.sum(y, 1).arraySync() as number[]);
      expect(rowSums.some((s) => Math.abs(s - 1) > 1e-3)).toBe(true);
      y.dispose();
      expect(m.layerGroups.map((g) => g.name)).toEqual(['early', 'late', 'head']);
      for (const g of m.layerGroups) expect(g.layers.length).toBeGreaterThan(0);
      const grouped = m.layerGroups.flatMap((g) => g.layers).length;
      expect(grouped).toBe(m.model.layers.length - 1); // all but the input layer
      m.dispose();
      m.dispose(); // idempotent
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('puts fastai’s head on bodies: concat pool → BN → dropout → linear 512 → ReLU → BN → dropout → linear', async () => {
    const m = await createModel('resnet18', { inputSize: 32, nClasses: 7, width: 4 });
    const head = m.layerGroups[2]?.layers ?? [];
    expect(head.map((l) => l.getClassName())).toEqual([
      'GlobalMaxPooling2D',
      'GlobalAveragePooling2D',
      'Concatenate',
      'BatchNormalization',
      'Dropout',
      'Dense',
      'ReLU',
      'BatchNormalization',
      'Dropout',
      'Dense',
    ]);
    const rates = head.map((l) => l.getConfig()['rate']).filter((r) => r !== undefined);
    expect(rates).toEqual([0.25, 0.5]);
    // Body ends at 8·width = 32 channels; max ‖ mean gives 64 features.
    expect((m.model.getLayer('head_concat_pool').output as tf.SymbolicTensor).shape).toEqual([null, 64]);
    expect(m.model.getLayer('head_linear1').getConfig()['units']).toBe(512);
    expect(m.model.getLayer('head_linear1').getConfig()['useBias']).toBe(false);
    m.dispose();
  });

  it('rejects pretrained weights it does not have, and bad sizes, with a sentence', async () => {
    await expect(createModel('resnet34', { inputSize: 64, nClasses: 2, pretrained: true })).rejects.toThrow(
      /no pretrained resnet34 is available offline.*mobilenetv2/,
    );
    await expect(createModel('simple-cnn', { inputSize: 4, nClasses: 2 })).rejects.toThrow(
      /inputSize must be/,
    );
    await expect(createModel('densenet', { inputSize: 32, nClasses: 0 })).rejects.toThrow(/nClasses/);
  });

  it('is deterministic per seed', async () => {
    const kernels = async (seed: number) => {
      const m = await createModel('simple-cnn', { inputSize: 16, nClasses: 3, seed });
      const values = m.model.getLayer('conv2_conv').getWeights()[0]?.dataSync().slice(0, 20);
      m.dispose();
      return Array.from(values ?? []);
    };
    expect(await kernels(1)).toEqual(await kernels(1));
    expect(await kernels(1)).not.toEqual(await kernels(2));
  });
});

describe('simple-cnn', () => {
  it('halves the image and doubles channels down to 2×2, then a conv to the classes and a global mean', async () => {
    expect(simpleCnnChannels(32, 8)).toEqual([8, 16, 32, 64]);
    expect(simpleCnnChannels(64, 8)).toEqual([8, 16, 32, 64, 128]);
    const m = await createModel('simple-cnn', { inputSize: 64, nClasses: 10 });
    const convs = m.model.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.map((l) => l.getConfig()['filters'])).toEqual([8, 16, 32, 64, 128, 10]);
    expect(convs.every((l) => (l.getConfig()['strides'] as number[])[0] === 2)).toBe(true);
    expect((m.model.getLayer('conv5_relu').output as tf.SymbolicTensor).shape).toEqual([null, 2, 2, 128]);
    expect(classNames(m).slice(-2)).toEqual(['Conv2D', 'GlobalAveragePooling2D']);
    expect(classNames(m).filter((c) => c === 'BatchNormalization')).toHaveLength(5);
    m.dispose();
  });
});

describe('resnet', () => {
  it('has torchvision’s exact body parameter counts at full width (11,176,512 and 21,284,672)', async () => {
    const r18 = await createModel('resnet18', { inputSize: 32, nClasses: 10 });
    expect(bodyParamCount(r18)).toBe(11_176_512);
    r18.dispose();
    const r34 = await createModel('resnet34', { inputSize: 32, nClasses: 10 });
    expect(bodyParamCount(r34)).toBe(21_284_672);
    r34.dispose();
  });

  it('adds skip connections, projecting with a 1×1 stride-2 conv + BN where the shape changes', async () => {
    const m = await createModel('resnet34', { inputSize: 64, nClasses: 3, width: 4 });
    const adds = m.model.layers.filter((l) => l.getClassName() === 'Add');
    expect(adds).toHaveLength(3 + 4 + 6 + 3);
    const projections = m.model.layers.filter((l) => l.name.endsWith('_down_conv'));
    expect(projections.map((l) => l.name)).toEqual([
      'stage2_0_down_conv',
      'stage3_0_down_conv',
      'stage4_0_down_conv',
    ]);
    for (const p of projections) {
      expect(p.getConfig()['kernelSize']).toEqual([1, 1]);
      expect(p.getConfig()['strides']).toEqual([2, 2]);
    }
    // An identity block adds its own input: stage1_1's add takes stage1_0's output.
    const identityAdd = m.model.getLayer('stage1_1_add');
    expect(identityAdd.inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual([
      'stage1_1_2_bn',
      'stage1_0_relu',
    ]);
    const projectedAdd = m.model.getLayer('stage2_0_add');
    expect(projectedAdd.inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual([
      'stage2_0_2_bn',
      'stage2_0_down_bn',
    ]);
    // 64 → stem 32 → pool 16 → 16, 8, 4, 2 with 4, 8, 16, 32 channels.
    expect((m.model.getLayer('stage4_2_relu').output as tf.SymbolicTensor).shape).toEqual([null, 2, 2, 32]);
    // fastai's _resnet_split: stem + stages 1–2 early, stages 3–4 late.
    const early = m.layerGroups[0]?.layers.map((l) => l.name) ?? [];
    expect(early[0]).toBe('stem_conv');
    expect(early.at(-1)).toBe('stage2_3_relu');
    expect(m.layerGroups[1]?.layers[0]?.name).toBe('stage3_0_1_conv');
    m.dispose();
  });
});

describe('densenet', () => {
  it('concatenates each dense layer’s new channels onto its input; transitions halve', async () => {
    const k = 4;
    const m = await createModel('densenet', { inputSize: 32, nClasses: 3, width: k });
    const concats = m.model.layers.filter(
      (l) => l.getClassName() === 'Concatenate' && l.name !== 'head_concat_pool',
    );
    expect(concats).toHaveLength(denseBlockLayers.reduce((a, b) => a + b, 0));
    let channels = 2 * k;
    denseBlockLayers.forEach((layers, block) => {
      if (block > 0) {
        channels = Math.floor(channels / 2);
        expect(outChannels(m, `transition${block}_pool`)).toBe(channels);
      }
      for (let i = 0; i < layers; i++) {
        channels += k;
        const concat = m.model.getLayer(`block${block + 1}_${i}_concat`);
        expect(outChannels(m, concat.name)).toBe(channels);
        // Inputs: the layer's input (all earlier features) and its k new channels.
        expect(concat.inboundNodes[0]?.inboundLayers.map((l) => l.getClassName())).toEqual(
          i === 0 ? [block === 0 ? 'MaxPooling2D' : 'AveragePooling2D', 'Conv2D'] : ['Concatenate', 'Conv2D'],
        );
      }
    });
    expect(outChannels(m, 'final_relu')).toBe(channels);
    const params = bodyParamCount(m);
    expect(params).toBeGreaterThan(10_000);
    expect(params).toBeLessThan(100_000);
    // fastai's _densenet_split: stem, block 1, transition 1, block 2 | the rest.
    expect(m.layerGroups[1]?.layers[0]?.name).toBe('transition2_bn');
    m.dispose();
  });
});
