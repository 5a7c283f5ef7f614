/**
 * Per-image random augmentation parameters, drawn from a seeded RNG so a run (and the lab's
 * preview) is reproducible. Each image consumes the same number of draws whatever the
 * probabilities, so changing one probability does not reshuffle the others. Neutral values mean
 * "not applied": flip false, rotate 0, zoom 1, warp 0, brightness 0.5, contrast 1.
 */
import type { Rng } from '../random';
import { checkAugConfig, type AugConfig } from './augConfig';
import {
  aspectCorrected,
  compose,
  flipMatrix,
  IDENTITY,
  rotationMatrix,
  zoomMatrix,
  type Mat3,
} from './matrices';
import { perspectiveWarp } from './perspective';

export interface AugParams {
  flip: boolean;
  /** Degrees; positive turns the picture clockwise on screen. */
  rotate: number;
  /** Zoom factor (1 = none) and its centre as fractions of width and height. */
  zoom: number;
  zoomCenter: readonly [number, number];
  /** Perspective warp magnitudes, horizontal and vertical (normalised units). */
  warp: readonly [number, number];
  /** Brightness as fastai draws it: a target in (0, 1) added in logit space; 0.5 = none. */
  brightness: number;
  /** Contrast factor applied in logit space; 1 = none. */
  contrast: number;
}

export const identityParams: Readonly<AugParams> = {
  flip: false,
  rotate: 0,
  zoom: 1,
  zoomCenter: [0.5, 0.5],
  warp: [0, 0],
  brightness: 0.5,
  contrast: 1,
};

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** One image's parameters; the draw order is fixed (see the module comment). */
function sampleOne(rng: Rng, c: AugConfig): AugParams {
  const flip = rng.next() < c.flipP && c.doFlip;
  const doRotate = rng.next() < c.pAffine;
  const rotate = uniform(rng, -c.maxRotate, c.maxRotate);
  const doZoom = rng.next() < c.pAffine;
  const zoom = uniform(rng, c.minZoom, c.maxZoom);
  const zoomCenter = [rng.next(), rng.next()] as const;
  const doWarpH = rng.next() < c.pAffine;
  const warpH = uniform(rng, -c.maxWarp, c.maxWarp);
  const doWarpV = rng.next() < c.pAffine;
  const warpV = uniform(rng, -c.maxWarp, c.maxWarp);
  const doBrightness = rng.next() < c.pLighting;
  const brightness = uniform(rng, 0.5 * (1 - c.maxLighting), 0.5 * (1 + c.maxLighting));
  const doContrast = rng.next() < c.pLighting;
  const logC = c.maxLighting > 0 ? Math.log(1 - c.maxLighting) : 0;
  const contrast = Math.exp(uniform(rng, logC, -logC));
  return {
    flip,
    rotate: doRotate ? rotate : 0,
    zoom: doZoom ? zoom : 1,
    zoomCenter: doZoom ? zoomCenter : [0.5, 0.5],
    warp: [doWarpH ? warpH : 0, doWarpV ? warpV : 0],
    brightness: doBrightness ? brightness : 0.5,
    contrast: doContrast ? contrast : 1,
  };
}

/** Parameters for a batch of `batchSize` images, advancing `rng`. */
export function sampleAugParams(rng: Rng, config: AugConfig, batchSize: number): AugParams[] {
  checkAugConfig(config);
  return Array.from({ length: batchSize }, () => sampleOne(rng, config));
}

/**
 * The one sampling matrix (normalised coordinates, output → source) for an image of the given size:
 * warp ∘ aspect(flip · rotate · zoom), fastai's `AffineCoordTfm` composition (affine grid first,
 * then the warp's coordinate transform).
 */
export function augmentationMatrix(p: AugParams, height: number, width: number): Mat3 {
  const affine = compose(
    p.flip ? flipMatrix() : IDENTITY,
    p.rotate !== 0 ? rotationMatrix(p.rotate) : IDENTITY,
    p.zoom !== 1 ? zoomMatrix(p.zoom, p.zoomCenter[0], p.zoomCenter[1]) : IDENTITY,
  );
  return compose(perspectiveWarp(p.warp[0], p.warp[1]), aspectCorrected(affine, height, width));
}

export function hasLighting(p: AugParams): boolean {
  return p.brightness !== 0.5 || p.contrast !== 1;
}
