/**
 * Checkpoints on disk, written so that a kill at any moment leaves the previous one usable: each
 * epoch goes into a new folder (`e0003/`: checkpoint.json, weights.bin, optimizer.bin, best.bin),
 * written under a temporary name and renamed when complete; then `latest.json`, the pointer, is
 * replaced atomically (temp + rename); only then are older folders removed. A reader follows the
 * pointer, so it sees the old checkpoint or the new one, never half of one.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeskfitError, describeZodError } from '../../../shared/errors';
import { CheckpointMetaSchema, type CheckpointMeta } from './checkpointSchema';

export const LATEST_FILE = 'latest.json';

export interface CheckpointData {
  meta: CheckpointMeta;
  weights: Float32Array;
  optimizer: Float32Array;
  /** The best epoch's weights when they are not the last epoch's. */
  best?: Float32Array;
}

const epochFolder = (epoch: number): string => `e${String(epoch).padStart(4, '0')}`;

function bytes(data: Float32Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function floats(buffer: Buffer, file: string, expected: number): Float32Array {
  if (buffer.byteLength !== expected * 4) {
    throw new DeskfitError(
      'INTERNAL',
      `The checkpoint file ${file} has ${buffer.byteLength} bytes, expected ${expected * 4}: it is damaged. Start a new run.`,
    );
  }
  // Copied into its own aligned buffer (a Buffer may sit at any offset of a shared pool).
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(buffer);
  return out;
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/** Writes one epoch's checkpoint into `dir` (the run's `checkpoint/` folder) and points to it. */
export async function writeCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const meta = CheckpointMetaSchema.parse(data.meta);
  if (data.weights.length !== meta.weights.floats || data.optimizer.length !== meta.optimizer.floats) {
    throw new Error('checkpoint data does not match its description');
  }
  if ((meta.best?.separateWeights ?? false) !== (data.best !== undefined)) {
    throw new Error('checkpoint best weights do not match its description');
  }
  const name = epochFolder(meta.epoch);
  const temp = join(dir, `${name}.tmp-${process.pid}`);
  const final = join(dir, name);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  await writeFile(join(temp, 'weights.bin'), bytes(data.weights));
  await writeFile(join(temp, 'optimizer.bin'), bytes(data.optimizer));
  if (data.best) await writeFile(join(temp, 'best.bin'), bytes(data.best));
  await writeFile(join(temp, 'checkpoint.json'), JSON.stringify(meta));
  // A folder of this name can only be a leftover the pointer does not name (see readCheckpoint).
  await rm(final, { recursive: true, force: true });
  await rename(temp, final);
  await writeAtomically(join(dir, LATEST_FILE), JSON.stringify({ folder: name, epoch: meta.epoch }));
  for (const entry of await readdir(dir)) {
    if (entry !== name && entry !== LATEST_FILE && /^e\d+/.test(entry)) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
}

async function readLatest(dir: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(join(dir, LATEST_FILE), 'utf8');
  } catch {
    throw new DeskfitError(
      'NOT_FOUND',
      `No checkpoint in ${dir}: the run stopped before its first epoch ended. Start a new run instead.`,
    );
  }
  try {
    const folder = (JSON.parse(text) as { folder?: unknown }).folder;
    if (typeof folder === 'string' && /^e\d+$/.test(folder)) return folder;
  } catch {
    // reported below
  }
  throw new DeskfitError(
    'INTERNAL',
    `The checkpoint pointer ${join(dir, LATEST_FILE)} is damaged. Start a new run.`,
  );
}

/** Reads the checkpoint `latest.json` points to; clear errors when it is missing or damaged. */
export async function readCheckpoint(dir: string): Promise<CheckpointData> {
  const folder = join(dir, await readLatest(dir));
  const metaFile = join(folder, 'checkpoint.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(metaFile, 'utf8'));
  } catch {
    throw new DeskfitError(
      'INTERNAL',
      `The checkpoint ${metaFile} is missing or unreadable. Start a new run.`,
    );
  }
  const parsed = CheckpointMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const { message, details } = describeZodError(`checkpoint ${metaFile}`, parsed.error);
    throw new DeskfitError('INTERNAL', `${message}. Start a new run.`, details);
  }
  const meta = parsed.data;
  const read = async (file: string, expected: number) => {
    const path = join(folder, file);
    let buffer: Buffer;
    try {
      buffer = await readFile(path);
    } catch {
      throw new DeskfitError('INTERNAL', `The checkpoint file ${path} is missing. Start a new run.`);
    }
    return floats(buffer, path, expected);
  };
  const weights = await read('weights.bin', meta.weights.floats);
  const optimizer = await read('optimizer.bin', meta.optimizer.floats);
  const best = meta.best?.separateWeights ? await read('best.bin', meta.weights.floats) : undefined;
  return { meta, weights, optimizer, ...(best ? { best } : {}) };
}

/** Removes a run's checkpoints (a completed run cannot be resumed; its model is saved). */
export async function removeCheckpoints(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
