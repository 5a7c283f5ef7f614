// Small pure helpers for the Augment page: comparing settings, and saying what they will do.
import type { AugSettings } from '../../../../shared/training';

export function sameAugSettings(a: AugSettings, b: AugSettings): boolean {
  return (Object.keys(a) as (keyof AugSettings)[]).every((key) => a[key] === b[key]);
}

/** One sentence summing up the settings, e.g. "Flip 50%, rotate ±10°, zoom ×1–1.1, warp 0.2, lighting 0.2." */
export function describeAugSettings(s: AugSettings): string {
  const parts: string[] = [];
  if (s.doFlip && s.flipP > 0) parts.push(`flip ${Math.round(s.flipP * 100)}%`);
  const affine = s.pAffine > 0;
  if (affine && s.maxRotate > 0) parts.push(`rotate ±${s.maxRotate}°`);
  if (affine && s.maxZoom > 1) parts.push(`zoom ×${s.minZoom}–${s.maxZoom}`);
  if (affine && s.maxWarp > 0) parts.push(`warp ${s.maxWarp}`);
  if (s.pLighting > 0 && s.maxLighting > 0) parts.push(`lighting ${s.maxLighting}`);
  if (parts.length === 0) return 'No augmentation: every image is shown as it is.';
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}; ${s.padding} padding.`;
}
