/**
 * Item images for the UI, at same-origin paths (`/media/thumb/<id>`, `/media/image/<id>`) served by
 * `deskfit serve` and by the app protocol alike. Only items of the open project can be reached:
 * the path names an item id, never a file path.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import { hasPicture, mediaVersion } from '../../shared/dataset';
import { ensureThumbnail } from '../data/images/thumbnails';
import type { ProjectService } from './projectService';

export interface MediaResponse {
  body: Buffer;
  contentType: string;
  /** The `Cache-Control` header: a path versioned with the item's content hash never changes. */
  cacheControl: string;
}

/** The URL names the content it gets (`?v=` is the item's hash): browsers may keep it for good. */
const immutable = 'private, max-age=31536000, immutable';
/** Unversioned (or stale-versioned) paths follow the item: ask again each time. */
const revalidate = 'no-cache';

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

/**
 * The response for a media path (with its query, if any), or undefined (→ 404) for anything unknown
 * or unreadable.
 */
export async function serveMedia(
  projects: ProjectService,
  urlPath: string,
): Promise<MediaResponse | undefined> {
  const url = new URL(urlPath, 'http://media.invalid');
  const match = mediaPattern.exec(url.pathname);
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
    const version = url.searchParams.get('v');
    const cacheControl =
      version !== null && item.hash !== null && version === mediaVersion(item.hash) ? immutable : revalidate;
    if (kind === 'thumb') {
      if (!hasPicture(item) || item.hash === null) return undefined;
      const thumb = await ensureThumbnail(store.cacheDir, item.hash, file);
      return {
        body: await readFile(thumb),
        contentType: extname(thumb) === '.webp' ? 'image/webp' : 'image/jpeg',
        cacheControl,
      };
    }
    const format = (await sharp(file).metadata()).format;
    const type = format ? browserFormats[format] : undefined;
    if (type) return { body: await readFile(file), contentType: type, cacheControl };
    // TIFF, 16-bit or CMYK files a browser cannot show: one oriented PNG conversion.
    return {
      body: await sharp(file).rotate().toColourspace('srgb').png().toBuffer(),
      contentType: 'image/png',
      cacheControl,
    };
  } catch {
    return undefined;
  }
}
