/**
 * Selections too big for one request (Ctrl+A over a filter of more than `maxItemIdsPerRequest`
 * items): the client sends them in parts (`items:stageIds`), then one edit names the selection and
 * applies to all of it in one transaction, so the user's one action is one undo step and is either
 * wholly done or not at all. Parts live in memory only, per project, and expire unused.
 */
import { DeskfitError } from '../../shared/errors';

/** Parts not used by an edit within this long are dropped. */
export const stagedSelectionTtlMs = 10 * 60_000;
/** Ids held at once over every selection (8 bytes each): a bound on memory. */
export const maxStagedIds = 20_000_000;

interface Staged {
  dir: string;
  ids: number[];
  touchedAt: number;
}

export class StagedSelections {
  private readonly selections = new Map<string, Staged>();
  private held = 0;
  private readonly now: () => number;
  private readonly maxIds: number;

  constructor(options: { now?: () => number; maxIds?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.maxIds = options.maxIds ?? maxStagedIds;
  }

  /** Adds a part; returns how many ids the selection holds now. */
  stage(dir: string, selectionId: string, ids: readonly number[]): number {
    this.expire();
    const existing = this.selections.get(selectionId);
    if (existing !== undefined && existing.dir !== dir) {
      throw new DeskfitError(
        'CONFLICT',
        'This selection was started in another project; nothing was changed. Select the images again.',
        { selectionId },
      );
    }
    if (this.held + ids.length > this.maxIds) {
      throw new DeskfitError(
        'BAD_REQUEST',
        `Too many images are selected at once (more than ${this.maxIds}); nothing was changed. Narrow the filter and edit in steps.`,
        { selectionId },
      );
    }
    const staged = existing ?? { dir, ids: [], touchedAt: 0 };
    for (const id of ids) staged.ids.push(id);
    staged.touchedAt = this.now();
    this.held += ids.length;
    this.selections.set(selectionId, staged);
    return staged.ids.length;
  }

  /** Removes and returns a selection's staged ids; a clear error when it never arrived or expired. */
  take(dir: string, selectionId: string): number[] {
    this.expire();
    const staged = this.selections.get(selectionId);
    if (staged === undefined || staged.dir !== dir) {
      throw new DeskfitError(
        'NOT_FOUND',
        'Part of this selection never reached deskfit, or it waited too long and was dropped; nothing was changed. Select the images again and retry.',
        { selectionId },
      );
    }
    this.drop(selectionId, staged);
    return staged.ids;
  }

  clear(): void {
    this.selections.clear();
    this.held = 0;
  }

  private expire(): void {
    const oldest = this.now() - stagedSelectionTtlMs;
    for (const [id, staged] of this.selections) if (staged.touchedAt < oldest) this.drop(id, staged);
  }

  private drop(selectionId: string, staged: Staged): void {
    this.selections.delete(selectionId);
    this.held -= staged.ids.length;
  }
}
