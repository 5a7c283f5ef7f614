/**
 * Item images for the UI, at same-origin paths (`/media/thumb/<id>`, `/media/image/<id>`) served by
 * `deskfit serve` and by the app protocol alike. Only items of the open project can be reached:
 * the path names an item id, never a file path.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import { ensureThumbnail } from '../data/images/thumbnails';
import type { ProjectService } from './projectService';

export interface MediaResponse {
  body: Buffer;
  contentType: string;
}

const browserFormats: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

const mediaPattern = /^\/media\/(thumb|image)\/(\d{1,12})$/;

export function isMediaPath(urlPath: string): boolean {
  return urlPath.startsWith('/media/');
}

/** The response for a media path, or undefined (→ 404) for anything unknown or unreadable. */
export async function serveMedia(
  projects: ProjectService,
  urlPath: string,
): Promise<MediaResponse | undefined> {
  const match = mediaPattern.exec(urlPath);
  if (!match) return undefined;
  const [, kind, idText] = match;
  if (!projects.isOpen()) return undefined;
  const id = Number(idText);
  try {
    // A file edited since import is checked again here, so the picture served is never a stale one.
    const item = await projects.freshItem(id);
    const store = projects.current();
    const file = store.itemFile(id);
    if (!item || !file || item.missing) return undefined;
    if (kind === 'thumb') {
      if (!item.hash || item.problem) return undefined;
      const thumb = await ensureThumbnail(store.cacheDir, item.hash, file);
      return {
        body: await readFile(thumb),
        contentType: extname(thumb) === '.webp' ? 'image/webp' : 'image/jpeg',
      };
    }
    const format = (await sharp(file).metadata()).format;
    const type = format ? browserFormats[format] : undefined;
    if (type) return { body: await readFile(file), contentType: type };
    // TIFF, 16-bit or CMYK files a browser cannot show: one oriented PNG conversion.
    return {
      body: await sharp(file).rotate().toColourspace('srgb').png().toBuffer(),
      contentType: 'image/png',
    };
  } catch {
    return undefined;
  }
}
