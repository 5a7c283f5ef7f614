/**
 * Groups prediction inputs into batches of training-size pixels, decoding batch k+1 while the model
 * works on batch k (as the training BatchLoader does). An input that cannot be decoded is left out
 * of its batch and reported with its reason; the others go on.
 */
import { ImageUnusable } from './prepareImage';
import type { PredictInput } from './predictInputs';

export interface PreparedBatch {
  /** `inputs.length × size × size × 3` RGB bytes. */
  pixels: Uint8Array;
  /** The inputs that decoded, in order. */
  inputs: PredictInput[];
  failed: { input: PredictInput; reason: string }[];
  /** Inputs this batch covered (decoded or not). */
  covered: number;
}

function reasonOf(err: unknown): string {
  if (err instanceof ImageUnusable) return err.reason;
  return err instanceof Error ? err.message : String(err);
}

async function prepare(inputs: readonly PredictInput[], size: number): Promise<PreparedBatch> {
  const frame = size * size * 3;
  const loaded = await Promise.all(
    inputs.map(async (input) => {
      try {
        const pixels = await input.load(size);
        if (pixels.length !== frame) {
          return { input, reason: `Decoding gave ${pixels.length} bytes instead of ${frame}.` };
        }
        return { input, pixels };
      } catch (err) {
        return { input, reason: reasonOf(err) };
      }
    }),
  );
  const ok = loaded.filter((l): l is { input: PredictInput; pixels: Uint8Array } => 'pixels' in l);
  const pixels = new Uint8Array(ok.length * frame);
  ok.forEach((l, k) => pixels.set(l.pixels, k * frame));
  return {
    pixels,
    inputs: ok.map((l) => l.input),
    failed: loaded.filter((l): l is { input: PredictInput; reason: string } => 'reason' in l),
    covered: inputs.length,
  };
}

export async function* preparedBatches(
  inputs: readonly PredictInput[],
  size: number,
  batchSize: number,
): AsyncGenerator<PreparedBatch> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError('batchSize must be at least 1');
  const starts: number[] = [];
  for (let s = 0; s < inputs.length; s += batchSize) starts.push(s);
  const read = (s: number) => prepare(inputs.slice(s, s + batchSize), size);
  let next = starts[0] !== undefined ? read(starts[0]) : undefined;
  for (let b = 0; b < starts.length; b++) {
    const current = await next!;
    const following = starts[b + 1];
    next = following !== undefined ? read(following) : undefined;
    // A prefetch the caller never awaits (it stopped early) must not become an unhandled rejection.
    next?.catch(() => undefined);
    yield current;
  }
}
