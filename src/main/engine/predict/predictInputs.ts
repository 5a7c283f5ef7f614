/**
 * What a prediction runs on, whatever the source: the project's test items, files and folders named
 * by the user (folders walked recursively, non-images skipped and listed), or images sent inline.
 * Each input knows its display name and how to load its pixels at a given size; nothing is decoded
 * here, so a large folder is listed in moments and decoded batch by batch.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DeskfitError } from '../../../shared/errors';
import type { PredictSource } from '../../../shared/contract';
import { formatLabel, nameKind, readableFormatList } from '../../data/import/imageFormats';
import { walkFolder } from '../../data/import/walk';
import type { JobItem } from '../../jobs/jobData';
import { prepareImageBytes, prepareImageFile, prepareItemImage } from './prepareImage';

export interface PredictInput {
  /** What the CSV and the UI show. */
  name: string;
  itemId?: number;
  /** The project item's content hash (the UI asks for its thumbnail by it). */
  hash?: string;
  load(size: number): Promise<Uint8Array>;
}

export interface SkippedInput {
  name: string;
  reason: string;
}

export interface ResolvedInputs {
  inputs: PredictInput[];
  skipped: SkippedInput[];
}

function notAnImage(name: string): string {
  const kind = nameKind(name);
  return kind === 'unsupported-image'
    ? `${formatLabel(name.slice(name.lastIndexOf('.')))} images cannot be read by deskfit (it reads ${readableFormatList}); skipped.`
    : `Not an image file (deskfit reads ${readableFormatList}); skipped.`;
}

function fileInput(name: string, file: string): PredictInput {
  return { name, load: (size) => prepareImageFile(file, size) };
}

/** The open project's test items (prepared through its training-size cache). */
export function inputsFromItems(items: readonly JobItem[], cacheDir: string | undefined): ResolvedInputs {
  return {
    inputs: items.map((item) => ({
      name: item.name,
      itemId: item.id,
      ...(item.hash !== undefined ? { hash: item.hash } : {}),
      load: (size) => prepareItemImage(item, size, cacheDir),
    })),
    skipped: [],
  };
}

/** Images sent inline as base64 (the app's "try it" drop zone). */
export function inputsFromInline(images: readonly { name: string; base64: string }[]): ResolvedInputs {
  return {
    inputs: images.map(({ name, base64 }) => ({
      name,
      load: (size) => prepareImageBytes(Buffer.from(base64.replace(/^data:[^,]*,/, ''), 'base64'), size),
    })),
    skipped: [],
  };
}

/**
 * Files and folders. A path that does not exist is an error (nothing is predicted): a typo should not
 * quietly give a partial CSV. Inside folders, names are relative to the folder when it is the only
 * path given, else the path as given joined with the relative path.
 */
export async function inputsFromPaths(
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<ResolvedInputs> {
  const kinds = await Promise.all(
    paths.map(async (path) => {
      try {
        return { path, info: await stat(resolve(path)) };
      } catch {
        throw new DeskfitError('NOT_FOUND', `${path} does not exist. Check the path of the image or folder.`);
      }
    }),
  );
  const inputs: PredictInput[] = [];
  const skipped: SkippedInput[] = [];
  for (const { path, info } of kinds) {
    const abs = resolve(path);
    if (info.isDirectory()) {
      const walked = await walkFolder(abs, signal ? { signal } : {});
      const prefix = paths.length === 1 ? '' : `${path.replace(/[\\/]+$/, '')}/`;
      for (const file of walked.files) {
        const name = `${prefix}${file.path}`;
        if (nameKind(file.path) === 'image') inputs.push(fileInput(name, file.absPath));
        else skipped.push({ name, reason: notAnImage(file.path) });
      }
      for (const note of walked.notes) skipped.push({ name: `${prefix}${note.path}`, reason: note.reason });
    } else {
      // A file named explicitly is tried whatever its extension: the decoder has the last word.
      inputs.push(fileInput(path, abs));
    }
  }
  return { inputs, skipped };
}

/** Resolves a predict job's source; `items` and `cacheDir` come with the test split. */
export async function predictInputs(
  source: PredictSource,
  items: readonly JobItem[] | undefined,
  cacheDir: string | undefined,
  signal?: AbortSignal,
): Promise<ResolvedInputs> {
  if ('split' in source) {
    if (!items || items.length === 0) {
      throw new DeskfitError('BAD_REQUEST', 'The predict job arrived without the test items to predict.');
    }
    return inputsFromItems(items, cacheDir);
  }
  if ('paths' in source) return inputsFromPaths(source.paths, signal);
  return inputsFromInline(source.inline);
}
