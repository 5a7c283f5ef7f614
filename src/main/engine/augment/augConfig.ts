/**
 * What the augmentation lab and the trainer configure: fastai's `aug_transforms` knobs with its
 * v2 defaults (DESIGN.md §3). Probabilities are per image and per transform, as in fastai with
 * `batch=False`. Only training batches are augmented; validation and test data never are — the
 * data pipeline decides, these functions augment whatever they are given.
 */

/** How a sample that falls outside the image is filled (fastai/PyTorch `padding_mode`). */
export type PaddingMode = 'zeros' | 'border' | 'reflection';

export const paddingModes: readonly PaddingMode[] = ['zeros', 'border', 'reflection'];

export interface AugConfig {
  /** Random horizontal flip. */
  doFlip: boolean;
  flipP: number;
  /** Rotation drawn uniformly in ±maxRotate degrees. */
  maxRotate: number;
  /** Zoom factor drawn uniformly in [minZoom, maxZoom] (≥ 1 zooms in). */
  minZoom: number;
  maxZoom: number;
  /** Perspective warp: corner shifts drawn uniformly in ±maxWarp (normalised units). */
  maxWarp: number;
  /** Probability of each of rotate, zoom, horizontal warp and vertical warp. */
  pAffine: number;
  /** Brightness and contrast change magnitude. */
  maxLighting: number;
  /** Probability of each of brightness and contrast. */
  pLighting: number;
  padding: PaddingMode;
}

/** fastai v2 `aug_transforms()` defaults. */
export const defaultAugConfig: Readonly<AugConfig> = {
  doFlip: true,
  flipP: 0.5,
  maxRotate: 10,
  minZoom: 1,
  maxZoom: 1.1,
  maxWarp: 0.2,
  pAffine: 0.75,
  maxLighting: 0.2,
  pLighting: 0.75,
  padding: 'reflection',
};

/** Every magnitude zero: augmentation returns its input unchanged. */
export const noAugConfig: Readonly<AugConfig> = {
  ...defaultAugConfig,
  doFlip: false,
  maxRotate: 0,
  maxZoom: 1,
  maxWarp: 0,
  maxLighting: 0,
};

function inRange(
  name: keyof AugConfig,
  v: number,
  lo: number,
  hi: number,
  hiOpen = false,
): string | undefined {
  const ok = Number.isFinite(v) && v >= lo && (hiOpen ? v < hi : v <= hi);
  return ok ? undefined : `${name} must be in [${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${v}`;
}

/** Throws one message listing every out-of-range field of an augmentation config. */
export function checkAugConfig(c: AugConfig): void {
  const problems = [
    inRange('flipP', c.flipP, 0, 1),
    inRange('pAffine', c.pAffine, 0, 1),
    inRange('pLighting', c.pLighting, 0, 1),
    inRange('maxRotate', c.maxRotate, 0, 180),
    inRange('minZoom', c.minZoom, 0.1, 10),
    inRange('maxZoom', c.maxZoom, c.minZoom, 10),
    inRange('maxWarp', c.maxWarp, 0, 1, true),
    inRange('maxLighting', c.maxLighting, 0, 1, true),
    paddingModes.includes(c.padding) ? undefined : `padding must be one of ${paddingModes.join(', ')}`,
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new Error(`invalid augmentation config: ${problems.join('; ')}`);
}
