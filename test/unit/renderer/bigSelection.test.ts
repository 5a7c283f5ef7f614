// Ctrl+A over a filter of more than 200,000 images, then a number key: every request stays within the
// contract's cap of ids (the selection goes in parts through items:stageIds, the edit names it), and
// the edit is one request the service answers once, so it is one undo step.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  assignLabel,
  moveToSplit,
  resetDeskfitStore,
  selectAllInFilter,
  setExcluded,
  useDeskfitStore,
} from '../../../src/renderer/src/store';
import { maxItemIdsPerRequest, requests } from '../../../src/shared/contract';
import type { EditResult } from '../../../src/shared/dataset';
import { FakeApi } from './helpers/fakeApi';

const total = 250_007;
const allIds = Array.from({ length: total }, (_, i) => i + 1);

let api: FakeApi;
let staged: Map<string, number[]>;
let edited: number[][];

function result(description: string, changed: number): EditResult {
  return {
    description,
    changed,
    stats: {
      total,
      usable: total,
      bySplit: { train: total, valid: 0, test: 0 },
      classes: [],
      unlabeled: 0,
      problems: 0,
      excluded: 0,
      missing: 0,
    },
    canUndo: true,
    canRedo: false,
  };
}

/** Refuses what the real service would refuse: input outside the contract, or an unknown selection. */
function checked<K extends keyof typeof requests>(channel: K, input: unknown): void {
  const parsed = requests[channel].input.safeParse(input);
  if (!parsed.success) throw new Error(`${channel}: ${parsed.error.message}`);
}

function targets(input: { itemIds: number[]; selectionId?: string }): number[] {
  if (input.selectionId === undefined) return input.itemIds;
  const parts = staged.get(input.selectionId);
  if (parts === undefined) throw new Error('unknown selection');
  staged.delete(input.selectionId);
  return [...parts, ...input.itemIds];
}

beforeEach(() => {
  resetDeskfitStore();
  staged = new Map();
  edited = [];
  api = new FakeApi({
    'items:ids': () => ({ ids: allIds }),
    'items:stageIds': (input) => {
      checked('items:stageIds', input);
      const parts = (staged.get(input.selectionId) ?? []).concat(input.itemIds);
      staged.set(input.selectionId, parts);
      return { staged: parts.length };
    },
    'labels:assign': (input) => {
      checked('labels:assign', input);
      const ids = targets(input);
      edited.push(ids);
      return result(`Labelled ${ids.length} items as ${input.label ?? ''}`, ids.length);
    },
    'items:setSplit': (input) => {
      checked('items:setSplit', input);
      const ids = targets(input);
      edited.push(ids);
      return result(`Moved ${ids.length} items to ${input.split}`, ids.length);
    },
    'items:exclude': (input) => {
      checked('items:exclude', input);
      const ids = targets(input);
      edited.push(ids);
      return result(`Excluded ${ids.length} items`, ids.length);
    },
  });
});

describe(`select all over ${total} items`, () => {
  it('labels them all with one edit request, the selection sent in parts that fit the contract', async () => {
    await selectAllInFilter(api);
    expect(useDeskfitStore.getState().label.selection.size).toBe(total);
    await assignLabel(api, 'cat');

    const stages = api.callsTo('items:stageIds');
    expect(stages).toHaveLength(Math.ceil(total / maxItemIdsPerRequest) - 1);
    const assigns = api.callsTo('labels:assign');
    expect(assigns).toHaveLength(1);
    const selectionIds = new Set(
      [...stages, ...assigns].map((c) => (c.input as { selectionId?: string }).selectionId),
    );
    expect(selectionIds.size).toBe(1);
    expect(edited).toHaveLength(1);
    expect(new Set(edited[0])).toEqual(new Set(allIds));
    const label = useDeskfitStore.getState().label;
    expect(label.lastEdit).toBe(`Labelled ${total} items as cat`);
    expect(label.editError).toBeNull();
    expect(label.pendingEdits).toBe(0);
  });

  it('does the same for moving to a split and excluding, each with its own selection', async () => {
    await selectAllInFilter(api);
    await moveToSplit(api, 'valid');
    await setExcluded(api, true);
    expect(edited.map((ids) => ids.length)).toEqual([total, total]);
    const ids = api.calls.map((c) => (c.input as { selectionId?: string }).selectionId).filter(Boolean);
    expect(new Set(ids).size).toBe(2);
  });

  it('sends a selection within the cap in one plain request, as before', async () => {
    api.handlers['items:ids'] = () => ({ ids: allIds.slice(0, maxItemIdsPerRequest) });
    await selectAllInFilter(api);
    await assignLabel(api, 'dog');
    expect(api.callsTo('items:stageIds')).toHaveLength(0);
    expect(Object.keys(api.callsTo('labels:assign')[0]?.input as object)).toEqual(['itemIds', 'label']);
  });

  it('says what failed when a part is refused, and changes nothing on screen', async () => {
    api.handlers['items:stageIds'] = () => {
      throw new Error('The connection was lost.');
    };
    await selectAllInFilter(api);
    await assignLabel(api, 'cat');
    expect(api.callsTo('labels:assign')).toHaveLength(0);
    const label = useDeskfitStore.getState().label;
    expect(label.editError?.message).toBe('Could not label as cat: The connection was lost.');
    expect(label.pendingEdits).toBe(0);
  });
});
