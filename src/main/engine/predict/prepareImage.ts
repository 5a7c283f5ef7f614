/**
 * Turns one image (a file, bytes sent inline, or a project item with a cached training image) into
 * the model's input pixels exactly as training prepares them: `renderTrainingImage` (EXIF
 * orientation, alpha on white, sRGB, scale to cover, centre crop) at the model's input size. A file
 * that cannot be used throws `ImageUnusable` with a reason a person can act on; callers list it and
 * carry on with the other images.
 */
import { readFile } from 'node:fs/promises';
import { fileErrorProblem, emptyProblem, headerProblem } from '../../data/import/imageProblems';
import { sniffSignature } from '../../data/import/imageSignature';
import { ensureTrainingImage, renderTrainingImage } from '../../data/images/trainingImages';

export class ImageUnusable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ImageUnusable';
  }
}

const edgeBytes = 32;

/** Training-size RGB bytes of an encoded image; explains a decode failure from the bytes themselves. */
export async function prepareImageBytes(bytes: Buffer, size: number): Promise<Uint8Array> {
  if (bytes.length === 0) throw new ImageUnusable(emptyProblem.reason);
  try {
    const pixels = await renderTrainingImage(bytes, size);
    return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  } catch (err) {
    const head = bytes.subarray(0, edgeBytes);
    const tail = bytes.subarray(Math.max(0, bytes.length - edgeBytes));
    throw new ImageUnusable(headerProblem(sniffSignature(head), err, head, tail, bytes.length).reason);
  }
}

export async function prepareImageFile(file: string, size: number): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ImageUnusable(fileErrorProblem(err).reason);
  }
  return prepareImageBytes(bytes, size);
}

/** A project item: from the training-size cache when its content hash is known, else decoded afresh. */
export async function prepareItemImage(
  item: { file: string; hash?: string | undefined },
  size: number,
  cacheDir: string | undefined,
): Promise<Uint8Array> {
  if (item.hash === undefined || cacheDir === undefined) return prepareImageFile(item.file, size);
  try {
    return await ensureTrainingImage(cacheDir, item.hash, item.file, size);
  } catch {
    // Say why in the same words as for any other file (decoding again is cheap next to the failure).
    return prepareImageFile(item.file, size);
  }
}
