/**
 * The one way an image becomes pixels for deskfit, shared by validation, thumbnails and the training
 * cache: EXIF orientation applied; alpha flattened onto white (transparent areas look as they do on
 * a white page, in the grid and to the model alike); grayscale, CMYK and 16-bit converted to 8-bit
 * sRGB; refused above a pixel limit before any pixel is decoded; truncated data is an error.
 */
import sharp, { type Sharp } from 'sharp';

export const defaultMaxPixels = 100_000_000;
export const flattenBackground = { r: 255, g: 255, b: 255 };

export function openRgb(input: string | Buffer, maxPixels: number = defaultMaxPixels): Sharp {
  return sharp(input, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true })
    .flatten({ background: flattenBackground })
    .toColourspace('srgb');
}
