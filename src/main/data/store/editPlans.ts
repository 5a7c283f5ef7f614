/**
 * Turns each kind of user edit into a forward and an inverse change set, reading the current state of
 * what it touches. Plans only read; the store applies a plan and records it in one transaction.
 * Items whose state would not change are left out, so an edit that changes nothing records nothing.
 */
import type { Split } from '../../../shared/dataset';
import { DeskfitError } from '../../../shared/errors';
import {
  excludedGroups,
  labelGroups,
  labelKey,
  labelsFromKey,
  splitGroups,
  type ChangeSet,
} from './changeSet';
import { checkedClassName, classPositions, nextClassPosition, requireClass } from './classNames';
import { nameKey } from '../nameKey';
import { num, str, strOrNull, type Row } from './itemRows';
import type { LabelCsvRow } from './labelCsv';
import type { Prepare } from './statementCache';

export interface EditPlan {
  description: string;
  forward: ChangeSet;
  inverse: ChangeSet;
  /** Items changed; for an edit of classes only, the classes changed. */
  changed: number;
}

interface ItemState {
  labelKey: string | null;
  split: Split;
  excluded: boolean;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Current state of each item (ids deduplicated); NOT_FOUND naming the first unknown ids. */
function itemStates(prepare: Prepare, ids: readonly number[]): Map<number, ItemState> {
  const wanted = [...new Set(ids)];
  const rows = prepare(
    `SELECT j.value AS wanted, i.id, i.label_key, i.split, i.excluded
     FROM json_each(?) j LEFT JOIN items i ON i.id = j.value`,
  ).all(JSON.stringify(wanted));
  const states = new Map<number, ItemState>();
  const unknown: string[] = [];
  for (const row of rows) {
    if (row['id'] === null) unknown.push(String(row['wanted']));
    else
      states.set(num(row, 'id'), {
        labelKey: strOrNull(row, 'label_key'),
        split: str(row, 'split') as Split,
        excluded: num(row, 'excluded') === 1,
      });
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(', ');
    throw new DeskfitError(
      'NOT_FOUND',
      `No item with id ${shown}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''} in this project; ` +
        'nothing was changed. Refresh the view and try again.',
      { ids: unknown.slice(0, 20).map(Number) },
    );
  }
  return states;
}

/** Label changes for every item carrying one of `classes`, as `transform` rewrites its labels. */
function relabelCarriers(
  prepare: Prepare,
  classes: readonly string[],
  transform: (labels: string[]) => string[],
): { before: [number, string[]][]; after: [number, string[]][] } {
  const rows = prepare(
    `SELECT id, label_key FROM items
     WHERE id IN (SELECT item_id FROM item_labels WHERE label IN (SELECT value FROM json_each(?)))`,
  ).all(JSON.stringify(classes));
  const before: [number, string[]][] = [];
  const after: [number, string[]][] = [];
  for (const row of rows) {
    const labels = labelsFromKey(strOrNull(row, 'label_key'));
    const next = transform(labels);
    if (labelKey(next) === labelKey(labels)) continue;
    before.push([num(row, 'id'), labels]);
    after.push([num(row, 'id'), next]);
  }
  return { before, after };
}

export function planAssignLabel(prepare: Prepare, ids: readonly number[], label: string | null): EditPlan {
  const name = label === null ? null : checkedClassName(label);
  const states = itemStates(prepare, ids);
  const isNewClass = name !== null && !classPositions(prepare).has(name);
  const addClasses = isNewClass ? [{ name, position: nextClassPosition(prepare) }] : [];
  const target = name === null ? [] : [name];
  const targetKey = labelKey(target);
  const before: [number, string[]][] = [];
  const after: [number, string[]][] = [];
  for (const [id, state] of states) {
    if (state.labelKey === targetKey) continue;
    before.push([id, labelsFromKey(state.labelKey)]);
    after.push([id, target]);
  }
  const items = plural(after.length, 'item');
  return {
    description:
      name === null
        ? `Cleared the label of ${items}`
        : `Labelled ${items} as ${name}${isNewClass ? ' (new class)' : ''}`,
    forward: { addClasses, labels: labelGroups(after) },
    inverse: { labels: labelGroups(before), removeClasses: addClasses.map((c) => c.name) },
    changed: after.length,
  };
}

export function planSetSplit(prepare: Prepare, ids: readonly number[], split: Split): EditPlan {
  const before: [number, Split][] = [];
  for (const [id, state] of itemStates(prepare, ids))
    if (state.split !== split) before.push([id, state.split]);
  return {
    description: `Moved ${plural(before.length, 'item')} to ${split}`,
    forward: { split: splitGroups(before.map(([id]) => [id, split])) },
    inverse: { split: splitGroups(before) },
    changed: before.length,
  };
}

export function planSetExcluded(prepare: Prepare, ids: readonly number[], excluded: boolean): EditPlan {
  const flipped: number[] = [];
  for (const [id, state] of itemStates(prepare, ids)) if (state.excluded !== excluded) flipped.push(id);
  return {
    description: `${excluded ? 'Excluded' : 'Included'} ${plural(flipped.length, 'item')}`,
    forward: { excluded: excludedGroups(flipped.map((id) => [id, excluded])) },
    inverse: { excluded: excludedGroups(flipped.map((id) => [id, !excluded])) },
    changed: flipped.length,
  };
}

export function planAddClass(prepare: Prepare, name: string): EditPlan {
  const checked = checkedClassName(name);
  if (classPositions(prepare).has(checked))
    throw new DeskfitError('CONFLICT', `Class "${checked}" already exists.`, { name: checked });
  return {
    description: `Added class ${checked}`,
    forward: { addClasses: [{ name: checked, position: nextClassPosition(prepare) }] },
    inverse: { removeClasses: [checked] },
    changed: 1,
  };
}

export function planRenameClass(prepare: Prepare, from: string, to: string): EditPlan {
  const positions = classPositions(prepare);
  const position = requireClass(positions, from);
  const target = checkedClassName(to, 'New class name');
  if (target === from)
    return { description: `Class ${from} already has that name`, forward: {}, inverse: {}, changed: 0 };
  if (positions.has(target)) {
    throw new DeskfitError(
      'CONFLICT',
      `Class "${target}" already exists. To combine "${from}" into it, merge the classes instead of renaming.`,
      { from, to: target },
    );
  }
  const { before, after } = relabelCarriers(prepare, [from], (labels) =>
    labels.map((l) => (l === from ? target : l)),
  );
  return {
    description: `Renamed class ${from} to ${target}`,
    forward: { addClasses: [{ name: target, position }], labels: labelGroups(after), removeClasses: [from] },
    inverse: { addClasses: [{ name: from, position }], labels: labelGroups(before), removeClasses: [target] },
    changed: Math.max(after.length, 1),
  };
}

export function planMergeClasses(prepare: Prepare, from: readonly string[], into: string): EditPlan {
  const positions = classPositions(prepare);
  const target = checkedClassName(into, 'Class to merge into');
  const sources = [...new Set(from)].filter((name) => name !== target);
  const sourcePositions = sources.map((name) => ({ name, position: requireClass(positions, name) }));
  if (sources.length === 0) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `Pick at least one class other than "${target}" to merge into it.`,
      {
        from,
        into: target,
      },
    );
  }
  const targetIsNew = !positions.has(target);
  const firstSource = Math.min(...sourcePositions.map((s) => s.position));
  const addTarget = targetIsNew ? [{ name: target, position: firstSource }] : [];
  const merged = new Set(sources);
  const { before, after } = relabelCarriers(prepare, sources, (labels) => {
    const kept = labels.filter((l) => !merged.has(l));
    return labels.some((l) => merged.has(l)) ? [...new Set([...kept, target])] : kept;
  });
  return {
    description: `Merged ${sources.join(', ')} into ${target} (${plural(after.length, 'item')})`,
    forward: { addClasses: addTarget, labels: labelGroups(after), removeClasses: sources },
    inverse: {
      addClasses: sourcePositions,
      labels: labelGroups(before),
      removeClasses: addTarget.map((c) => c.name),
    },
    changed: Math.max(after.length, sources.length),
  };
}

export function planDeleteClass(prepare: Prepare, name: string): EditPlan {
  const position = requireClass(classPositions(prepare), name);
  const { before, after } = relabelCarriers(prepare, [name], (labels) => labels.filter((l) => l !== name));
  return {
    description: `Deleted class ${name} (${plural(after.length, 'item')} now unlabeled)`,
    forward: { labels: labelGroups(after), removeClasses: [name] },
    inverse: { addClasses: [{ name, position }], labels: labelGroups(before) },
    changed: Math.max(after.length, 1),
  };
}

/**
 * Items named by CSV rows that matched no path exactly but match one in another Unicode normal form
 * (a CSV typed in NFC for files named in NFD on disk, or the reverse). Rows carry `name`: the CSV's
 * spelling. Only non-ASCII paths can differ in form, so only those are read.
 */
const plainAscii = /^[\t\x20-\x7e]*$/;

function foundUnderOtherForm(
  prepare: Prepare,
  byName: ReadonlyMap<string, LabelCsvRow>,
  matchedExactly: ReadonlySet<string>,
): Row[] {
  const wanted = new Map<string, string>();
  for (const name of byName.keys())
    if (!matchedExactly.has(name) && !plainAscii.test(name)) wanted.set(nameKey(name), name);
  if (wanted.size === 0) return [];
  const out: Row[] = [];
  for (const item of prepare(
    "SELECT id, path, label_key, split FROM items WHERE path GLOB '*[^ -~]*'",
  ).all()) {
    const name = wanted.get(nameKey(str(item, 'path')));
    if (name !== undefined) out.push({ ...item, name });
  }
  return out;
}

/** Labels (and splits, when the CSV says) from parsed CSV rows; names matching no item are returned. */
export function planCsvImport(
  prepare: Prepare,
  rows: readonly LabelCsvRow[],
): { plan: EditPlan; unmatched: string[] } {
  const byName = new Map<string, LabelCsvRow>();
  for (const row of rows) byName.set(row.name, row);
  const found = prepare(
    `SELECT i.id, i.path AS name, i.label_key, i.split FROM json_each(?) j JOIN items i ON i.path = j.value`,
  ).all(JSON.stringify([...byName.keys()]));
  found.push(...foundUnderOtherForm(prepare, byName, new Set(found.map((item) => str(item, 'name')))));
  const matched = new Set<string>();

  const positions = classPositions(prepare);
  let nextPosition = nextClassPosition(prepare);
  const addClasses: { name: string; position: number }[] = [];
  const labelsBefore: [number, string[]][] = [];
  const labelsAfter: [number, string[]][] = [];
  const splitBefore: [number, Split][] = [];
  const splitAfter: [number, Split][] = [];
  for (const item of found) {
    const name = str(item, 'name');
    const row = byName.get(name);
    if (row === undefined || matched.has(name)) continue;
    matched.add(name);
    const id = num(item, 'id');
    const labels = row.labels.map((label) => checkedClassName(label, `Label on line ${row.line} of the CSV`));
    for (const label of labels) {
      if (positions.has(label)) continue;
      positions.set(label, nextPosition);
      addClasses.push({ name: label, position: nextPosition++ });
    }
    const current = strOrNull(item, 'label_key');
    if (labelKey(labels) !== current) {
      labelsBefore.push([id, labelsFromKey(current)]);
      labelsAfter.push([id, labels]);
    }
    const split = str(item, 'split') as Split;
    if (row.isValid !== undefined) {
      const wanted: Split = row.isValid ? 'valid' : 'train';
      if (wanted !== split) {
        splitBefore.push([id, split]);
        splitAfter.push([id, wanted]);
      }
    }
  }
  const changed = new Set([...labelsAfter, ...splitAfter].map(([id]) => id)).size;
  return {
    plan: {
      description: `Imported labels from a CSV (${plural(changed, 'item')} changed)`,
      forward: { addClasses, labels: labelGroups(labelsAfter), split: splitGroups(splitAfter) },
      inverse: {
        labels: labelGroups(labelsBefore),
        split: splitGroups(splitBefore),
        removeClasses: addClasses.map((c) => c.name),
      },
      changed,
    },
    unmatched: [...byName.keys()].filter((name) => !matched.has(name)),
  };
}
