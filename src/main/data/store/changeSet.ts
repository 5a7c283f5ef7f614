/**
 * What an edit changes, as data: the new labels, split or exclusion of the items it touches (grouped
 * by value so a bulk edit stays small) and the classes it adds or removes. Every edit stores a
 * forward and an inverse change set; undo applies the inverse, redo the forward, so both are exact.
 */
import { z } from 'zod';
import { SplitSchema, type Split } from '../../../shared/dataset';
import type { Prepare } from './statementCache';

const IdsSchema = z.array(z.number().int());

export const ChangeSetSchema = z.object({
  addClasses: z.array(z.object({ name: z.string(), position: z.number().int() })).optional(),
  labels: z.array(z.object({ labels: z.array(z.string()), ids: IdsSchema })).optional(),
  split: z.array(z.object({ split: SplitSchema, ids: IdsSchema })).optional(),
  excluded: z.array(z.object({ excluded: z.boolean(), ids: IdsSchema })).optional(),
  removeClasses: z.array(z.string()).optional(),
});
export type ChangeSet = z.infer<typeof ChangeSetSchema>;

/** Separator inside `items.label_key`; class names cannot contain control characters. */
const labelSeparator = '\u001f';

export function labelKey(labels: readonly string[]): string | null {
  if (labels.length === 0) return null;
  return [...new Set(labels)].sort().join(labelSeparator);
}

export function labelsFromKey(key: string | null): string[] {
  return key === null || key === '' ? [] : key.split(labelSeparator);
}

/** Groups `[id, value]` pairs by value (compared by `keyOf`), keeping first-seen order. */
export function groupByValue<T>(
  entries: Iterable<[number, T]>,
  keyOf: (value: T) => string,
): { value: T; ids: number[] }[] {
  const groups = new Map<string, { value: T; ids: number[] }>();
  for (const [id, value] of entries) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.ids.push(id);
    else groups.set(key, { value, ids: [id] });
  }
  return [...groups.values()];
}

export function labelGroups(entries: Iterable<[number, string[]]>): ChangeSet['labels'] {
  return groupByValue(entries, (labels) => labelKey(labels) ?? '').map((g) => ({
    labels: g.value,
    ids: g.ids,
  }));
}

export function splitGroups(entries: Iterable<[number, Split]>): ChangeSet['split'] {
  return groupByValue(entries, (split) => split).map((g) => ({ split: g.value, ids: g.ids }));
}

export function excludedGroups(entries: Iterable<[number, boolean]>): ChangeSet['excluded'] {
  return groupByValue(entries, String).map((g) => ({ excluded: g.value, ids: g.ids }));
}

/** Items touched by a change set, counted once. */
export function touchedItemCount(change: ChangeSet): number {
  const ids = new Set<number>();
  for (const group of [...(change.labels ?? []), ...(change.split ?? []), ...(change.excluded ?? [])])
    for (const id of group.ids) ids.add(id);
  return ids.size;
}

export function isEmptyChange(change: ChangeSet): boolean {
  return (
    (change.addClasses ?? []).length === 0 &&
    (change.removeClasses ?? []).length === 0 &&
    touchedItemCount(change) === 0
  );
}

/**
 * Applies a change set inside the caller's transaction. Order matters for the foreign keys: classes
 * are added first, items relabelled next, classes removed last. A class is only removed when no item
 * still carries it (an import may have used it since the edit), and only added when absent.
 */
export function applyChangeSet(prepare: Prepare, change: ChangeSet): void {
  const addClass = prepare('INSERT OR IGNORE INTO classes (name, position) VALUES (?, ?)');
  for (const { name, position } of change.addClasses ?? []) addClass.run(name, position);

  const clearLabels = prepare('DELETE FROM item_labels WHERE item_id IN (SELECT value FROM json_each(?))');
  const insertLabel = prepare(
    'INSERT OR IGNORE INTO item_labels (item_id, label) SELECT value, ? FROM json_each(?)',
  );
  const setLabelKey = prepare('UPDATE items SET label_key = ? WHERE id IN (SELECT value FROM json_each(?))');
  for (const { labels, ids } of change.labels ?? []) {
    const json = JSON.stringify(ids);
    clearLabels.run(json);
    for (const label of new Set(labels)) insertLabel.run(label, json);
    setLabelKey.run(labelKey(labels), json);
  }

  const setSplit = prepare('UPDATE items SET split = ? WHERE id IN (SELECT value FROM json_each(?))');
  for (const { split, ids } of change.split ?? []) setSplit.run(split, JSON.stringify(ids));

  const setExcluded = prepare('UPDATE items SET excluded = ? WHERE id IN (SELECT value FROM json_each(?))');
  for (const { excluded, ids } of change.excluded ?? [])
    setExcluded.run(excluded ? 1 : 0, JSON.stringify(ids));

  const removeClass = prepare(
    'DELETE FROM classes WHERE name = ? AND NOT EXISTS (SELECT 1 FROM item_labels WHERE label = ?)',
  );
  for (const name of change.removeClasses ?? []) removeClass.run(name, name);
}

/** Items touched, or for a change of classes only, the classes touched. */
export function changeSize(change: ChangeSet): number {
  const items = touchedItemCount(change);
  if (items > 0) return items;
  return new Set([...(change.addClasses ?? []).map((c) => c.name), ...(change.removeClasses ?? [])]).size;
}
