/**
 * Writes an importer's plan into the project. Re-importing a folder must never cost a label: files
 * already known by path keep their labels, split and exclusion and only get fresh file facts; files
 * gone from the folder are marked missing, not deleted. An import is not an undoable edit (it
 * records facts about files, not a user's decision), so it writes no undo record; it leaves the
 * undo history usable because it never removes items or classes.
 */
import { nameKey } from '../nameKey';
import type { ApplyImportResult, ImportPlan } from '../types';
import { DeskfitError } from '../../../shared/errors';
import { labelKey } from './changeSet';
import { checkedClassName, classPositions, nextClassPosition } from './classNames';
import { num, str } from './itemRows';
import { searchKeyOf } from './searchKey';
import type { Prepare } from './statementCache';

/** A relative path with forward slashes and no `.`/`..` segments: it cannot point outside the root. */
function staysInsideRoot(path: string): boolean {
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Validates the plan's labels and classes; returns every plan item's checked labels and the class order. */
function checkedPlan(plan: ImportPlan): { labels: string[][]; classes: string[] } {
  const paths = new Set<string>();
  const labels = plan.items.map((item) => {
    if (!staysInsideRoot(item.path))
      throw new DeskfitError(
        'BAD_REQUEST',
        `The import plan has the path "${item.path}"; paths must be relative to the imported folder and stay inside it.`,
        { path: item.path },
      );
    if (paths.has(item.path))
      throw new DeskfitError('BAD_REQUEST', `The import plan lists ${item.path} twice.`, { path: item.path });
    paths.add(item.path);
    return [...new Set(item.labels.map((l) => checkedClassName(l, `Label of ${item.path}`)))];
  });
  const listed = plan.classes.map((name) => checkedClassName(name, 'Class'));
  return { labels, classes: [...new Set([...listed, ...labels.flat()])] };
}

/**
 * Plan paths with no item of that exact name but one whose name differs only in Unicode normal form
 * (stored NFC by an older deskfit for a file named in NFD, or a folder copied between systems): that
 * item is the same file, so it keeps its labels and takes the name now on disk. Items matched exactly
 * by another plan path are never taken.
 */
function knownUnderOtherForm(
  plan: ImportPlan,
  existing: ReadonlyMap<string, number>,
): Map<string, { id: number; path: string }> {
  const planned = new Set(plan.items.map((item) => item.path));
  const unclaimed = new Map<string, { id: number; path: string }>();
  for (const [path, id] of existing) {
    const key = nameKey(path);
    if (!planned.has(path) && !unclaimed.has(key)) unclaimed.set(key, { id, path });
  }
  const out = new Map<string, { id: number; path: string }>();
  if (unclaimed.size === 0) return out;
  for (const item of plan.items) {
    if (existing.has(item.path)) continue;
    const key = nameKey(item.path);
    const known = unclaimed.get(key);
    if (known === undefined) continue;
    out.set(item.path, known);
    unclaimed.delete(key);
  }
  return out;
}

/** Runs inside the caller's transaction. */
export function applyImportPlan(prepare: Prepare, plan: ImportPlan, now: number): ApplyImportResult {
  const checked = checkedPlan(plan);

  const known = classPositions(prepare);
  let position = nextClassPosition(prepare);
  const addClass = prepare('INSERT INTO classes (name, position) VALUES (?, ?)');
  for (const name of checked.classes) if (!known.has(name)) addClass.run(name, position++);

  const existing = new Map<string, number>();
  for (const row of prepare('SELECT id, path FROM items').all())
    existing.set(str(row, 'path'), num(row, 'id'));
  const renamed = knownUnderOtherForm(plan, existing);
  const rename = prepare('UPDATE items SET path = ?, search_key = ? WHERE id = ?');

  const insert = prepare(
    `INSERT INTO items (path, hash, size, width, height, split, problem_kind, problem_reason, added_at, label_key, search_key, mtime_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLabel = prepare('INSERT INTO item_labels (item_id, label) VALUES (?, ?)');
  // Rows whose facts are unchanged are not rewritten: a re-import of 100,000 known files would
  // otherwise rewrite every index entry of every item.
  const refresh = prepare(
    `UPDATE items SET hash = ?1, size = ?2, width = ?3, height = ?4, problem_kind = ?5, problem_reason = ?6,
       mtime_ms = ?8, missing = 0
     WHERE id = ?7 AND (hash IS NOT ?1 OR size IS NOT ?2 OR width IS NOT ?3 OR height IS NOT ?4
       OR problem_kind IS NOT ?5 OR problem_reason IS NOT ?6 OR mtime_ms IS NOT ?8 OR missing <> 0)`,
  );
  let added = 0;
  let updated = 0;
  plan.items.forEach((item, index) => {
    const facts = [item.hash, item.size, item.width, item.height] as const;
    const problem = [item.problem?.kind ?? null, item.problem?.reason ?? null] as const;
    const mtime = item.mtimeMs ?? null;
    const id = existing.get(item.path);
    if (id !== undefined) {
      refresh.run(...facts, ...problem, id, mtime);
      existing.delete(item.path);
      updated++;
      return;
    }
    const known = renamed.get(item.path);
    if (known !== undefined) {
      rename.run(item.path, searchKeyOf(item.path), known.id);
      refresh.run(...facts, ...problem, known.id, mtime);
      existing.delete(known.path);
      updated++;
      return;
    }
    const labels = checked.labels[index] ?? [];
    const result = insert.run(
      item.path,
      ...facts,
      item.split,
      ...problem,
      now,
      labelKey(labels),
      searchKeyOf(item.path),
      mtime,
    );
    for (const label of labels) insertLabel.run(result.lastInsertRowid, label);
    added++;
  });

  // What is left in `existing` was known before and is not in this plan: gone from the folder.
  const gone = [...existing.values()];
  prepare('UPDATE items SET missing = 1 WHERE id IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(gone),
  );
  return { added, updated, missing: gone.length };
}
