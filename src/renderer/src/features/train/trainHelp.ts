// The Train page's words: names and one-line explanations of every setting, as the fastai course
// would put them.
import type { Arch } from '../../../../shared/contract';
import type { OptimizerName } from '../../../../shared/training';

export const archOptions: readonly { value: Arch; label: string }[] = [
  { value: 'simple-cnn', label: 'Simple CNN' },
  { value: 'resnet18', label: 'ResNet-18' },
  { value: 'resnet34', label: 'ResNet-34' },
  { value: 'densenet', label: 'DenseNet' },
  { value: 'mobilenetv2', label: 'MobileNetV2 (pretrained)' },
];

export const archHelp: Record<Arch, string> = {
  'simple-cnn': 'A few convolutions, trained from scratch: fastest, good for a first try.',
  resnet18: 'The course’s workhorse: residual blocks, trained from scratch here.',
  resnet34: 'A deeper ResNet: more capacity, about twice as slow as ResNet-18.',
  densenet: 'Each layer sees all earlier ones: compact, but slower per image.',
  mobilenetv2: 'Starts from ImageNet weights (transfer learning): use fine-tune; it works best at 224 px.',
};

export const optimizerOptions: readonly { value: OptimizerName; label: string }[] = [
  { value: 'adamw', label: 'AdamW' },
  { value: 'adam', label: 'Adam' },
  { value: 'sgd-momentum', label: 'SGD with momentum' },
  { value: 'sgd', label: 'SGD' },
  { value: 'rmsprop', label: 'RMSProp' },
];

export const optimizerHelp: Record<OptimizerName, string> = {
  adamw: 'Adam with weight decay kept apart from the gradient: fastai’s default.',
  adam: 'Adam with weight decay added to the gradient (L2), as PyTorch’s Adam does.',
  'sgd-momentum': 'Plain gradient steps plus the one-cycle momentum schedule.',
  sgd: 'Plain gradient steps, no momentum: simplest, usually slowest.',
  rmsprop: 'Scales each step by a running average of squared gradients.',
};

export const help = {
  size: 'Images are resized to this square. Bigger shows more detail but trains slower.',
  batchSize: 'Images per step; fastai uses 64. Lower it if training runs out of memory.',
  epochs: 'Passes over all the training images.',
  wd: 'Pulls weights towards zero every step; fastai uses 0.01. More fights overfitting.',
  labelSmoothing: 'Aim for 1 − ε on the right class instead of 1; 0.1 helps with noisy labels, 0 is off.',
  augment: 'Flip, rotate, zoom, warp and relight training images with the Augment page’s settings.',
  fineTune: 'fastai’s fine_tune: train the head with the body frozen, then everything at a lower rate.',
  freezeEpochs: 'Epochs with the body frozen before it is unfrozen.',
  lrMult:
    'Discriminative rates: the earliest layers learn at the head’s rate ÷ N (fastai’s slice(lr/N, lr)). 1 gives every layer the same rate.',
  pretrained: 'Start from ImageNet weights instead of random ones.',
  pctStart: 'Share of each cycle spent warming the rate up.',
  div: 'The rate starts at its peak ÷ this.',
  divFinal: 'The rate ends at its peak ÷ this.',
  moms: 'Momentum at the start, at the peak rate and at the end (one-cycle lowers it while the rate is high).',
  seed: 'Fixes the random split, order and augmentation, so a run can be repeated.',
  lr: 'The peak learning rate of the head. Find LR suggests one; too high diverges, too low crawls.',
  lrAuto: 'Run the LR finder first and take its valley suggestion.',
} as const;
