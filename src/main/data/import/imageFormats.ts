/**
 * Which file names the importer treats as images, decided by what this build of sharp can decode
 * (`sharp.format`), so a name-level verdict ("not an image", "unsupported") never contradicts the
 * decoder. Also the hidden/system names every walk skips.
 */
import { extname } from 'node:path';
import sharp from 'sharp';

/** Formats we train on; other decodable inputs (svg, vips, raw…) are not photos of a dataset. */
const datasetFormats = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif'] as const;

/** Extensions of image formats people keep in datasets; those sharp cannot decode here are "unsupported". */
const knownImageExtensions = [
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
  '.bmp',
  '.dib',
  '.ico',
  '.psd',
  '.jp2',
  '.j2k',
  '.jxl',
  '.svg',
  '.svgz',
  '.tga',
  '.pcx',
  '.ppm',
  '.pgm',
  '.pbm',
  '.exr',
  '.hdr',
  '.dng',
  '.cr2',
  '.nef',
  '.arw',
  '.raf',
  '.orf',
  '.rw2',
];

function decodableExtensions(): Set<string> {
  const out = new Set<string>();
  for (const name of datasetFormats) {
    const info = sharp.format[name];
    if (!info.input.file) continue;
    for (const suffix of info.input.fileSuffix ?? []) out.add(suffix.toLowerCase());
  }
  return out;
}

export const decodableImageExtensions: ReadonlySet<string> = decodableExtensions();

export const unsupportedImageExtensions: ReadonlySet<string> = new Set(
  knownImageExtensions.filter((ext) => !decodableImageExtensions.has(ext)),
);

/** Lower-case extension with its dot ('' when none). */
export function extensionOf(name: string): string {
  return extname(name).toLowerCase();
}

export type NameKind = 'image' | 'unsupported-image' | 'other';

export function nameKind(name: string): NameKind {
  const ext = extensionOf(name);
  if (decodableImageExtensions.has(ext)) return 'image';
  if (unsupportedImageExtensions.has(ext)) return 'unsupported-image';
  return 'other';
}

const systemNames = new Set(
  [
    '.DS_Store',
    'Thumbs.db',
    'ehthumbs.db',
    'desktop.ini',
    '__MACOSX',
    '$RECYCLE.BIN',
    'System Volume Information',
  ].map((n) => n.toLowerCase()),
);

/** Hidden (leading dot, including macOS `._` files) or an OS-made system file/folder. */
export function isHiddenOrSystem(name: string): boolean {
  return name.startsWith('.') || systemNames.has(name.toLowerCase());
}

/** Human name of a format family for reasons ("BMP images are not supported…"). */
export function formatLabel(ext: string): string {
  const bare = ext.replace(/^\./, '').toUpperCase();
  return bare === 'HEIF' || bare === 'HEIC' ? 'HEIC/HEIF' : bare || 'extensionless';
}

/** The decodable formats as a readable list for reasons. */
export const readableFormatList = 'JPEG, PNG, WebP, GIF, TIFF or AVIF';
