/**
 * Checks one file the way training will use it, at the cost of one decode: hashes its bytes, reads
 * the header (refusing oversize images by pixel count before any pixel is decoded), then decodes it
 * fully once — which proves it is not truncated or corrupt — writing the grid thumbnail from that
 * same decode. Content whose thumbnail is already cached was decoded before and is not decoded again.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { Problem } from '../../../shared/dataset';
import { defaultMaxPixels } from '../images/rgbPipeline';
import { writeFileAtomic } from '../images/atomicWrite';
import { renderThumbnail, thumbnailFile } from '../images/thumbnails';
import {
  damagedProblem,
  emptyProblem,
  fileErrorProblem,
  headerProblem,
  tooLargeProblem,
  unsupportedProblem,
} from './imageProblems';
import { sniffSignature } from './imageSignature';

export interface ImageCheck {
  /** Hex sha256 of the content; null when the file could not be read. */
  hash: string | null;
  size: number;
  /** Modification time (ms) of the file as it was read; null when it could not be read. */
  mtimeMs: number | null;
  /** After EXIF orientation; null when unknown. */
  width: number | null;
  height: number | null;
  problem: Problem | null;
}

export interface CheckImageOptions {
  /** Refuse images with more pixels than this (default 100 megapixels). */
  maxPixels?: number;
  /** Project cache folder: when given, the thumbnail is written there from the validating decode. */
  cacheDir?: string;
}

/** Files up to this size are read once into memory (hashed and decoded from the same bytes). */
const inMemoryLimit = 32 * 1024 * 1024;
const edgeBytes = 32;

interface FileBytes {
  hash: string;
  size: number;
  mtimeMs: number;
  /** The whole content when small enough, else null (sharp then reads the path). */
  bytes: Buffer | null;
  head: Buffer;
  tail: Buffer;
}

async function readAndHash(file: string): Promise<FileBytes> {
  const handle = await open(file, 'r');
  try {
    // Taken before reading: if the file changes while it is read, the next check sees a newer time.
    const { size, mtimeMs } = await handle.stat();
    const hasher = createHash('sha256');
    if (size <= inMemoryLimit) {
      const bytes = await handle.readFile();
      hasher.update(bytes);
      return {
        hash: hasher.digest('hex'),
        size: bytes.length,
        mtimeMs,
        bytes,
        head: bytes.subarray(0, edgeBytes),
        tail: bytes.subarray(Math.max(0, bytes.length - edgeBytes)),
      };
    }
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    let total = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      hasher.update(buf);
      total += buf.length;
      if (head.length < edgeBytes) head = Buffer.concat([head, buf.subarray(0, edgeBytes - head.length)]);
      tail = Buffer.concat([tail, buf]).subarray(-edgeBytes);
    }
    return { hash: hasher.digest('hex'), size: total, mtimeMs, bytes: null, head, tail };
  } finally {
    await handle.close();
  }
}

async function hasCachedThumbnail(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.size > 0,
    () => false,
  );
}

const trainableFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

export async function checkImage(file: string, options: CheckImageOptions = {}): Promise<ImageCheck> {
  const maxPixels = options.maxPixels ?? defaultMaxPixels;
  let read: FileBytes;
  try {
    read = await readAndHash(file);
  } catch (err) {
    return { hash: null, size: 0, mtimeMs: null, width: null, height: null, problem: fileErrorProblem(err) };
  }
  const { hash, size, mtimeMs, head, tail } = read;
  const result: ImageCheck = { hash, size, mtimeMs, width: null, height: null, problem: null };
  if (size === 0) return { ...result, problem: emptyProblem };
  const input = read.bytes ?? file;
  const signature = sniffSignature(head);

  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    return { ...result, problem: headerProblem(signature, err, head, tail, size) };
  }
  if (!trainableFormats.has(meta.format))
    return { ...result, problem: unsupportedProblem(`This ${meta.format.toUpperCase()} file`) };
  if (meta.format === 'heif' && meta.compression !== 'av1')
    return { ...result, problem: unsupportedProblem('This HEIC image (HEVC-coded, as iPhones save them)') };
  const width = meta.autoOrient.width;
  const height = meta.autoOrient.height;
  if (!(width > 0 && height > 0))
    return {
      ...result,
      problem: {
        kind: 'corrupt',
        reason: 'The image header gives no size. Re-export the image, or delete it.',
      },
    };
  result.width = width;
  result.height = height;
  if (width * height > maxPixels) return { ...result, problem: tooLargeProblem(width, height, maxPixels) };

  const thumb = options.cacheDir ? thumbnailFile(options.cacheDir, hash) : undefined;
  // A cached thumbnail proves this content decoded cleanly before (it is only written after a full
  // decode); whether the thumbnail itself is intact is ensureThumbnail's concern when it is served.
  if (thumb && (await hasCachedThumbnail(thumb))) return result;
  let encoded: Buffer;
  try {
    encoded = await renderThumbnail(input, maxPixels);
  } catch (err) {
    return { ...result, problem: damagedProblem(signature, err, head, tail, size) };
  }
  // A failure to write the cache (disk full…) is not the file's fault: it propagates.
  if (thumb) await writeFileAtomic(thumb, encoded);
  return result;
}
