/**
 * Undo and redo, kept in the database so they survive a restart. Each edit row holds its forward and
 * inverse change sets; rows with `undone = 1` are the redo stack, always newer than every done row. A
 * new edit clears the redo stack; the oldest edits beyond `maxHistory` are dropped.
 */
import { DeskfitError } from '../../../shared/errors';
import { applyChangeSet, ChangeSetSchema, changeSize, type ChangeSet } from './changeSet';
import type { EditPlan } from './editPlans';
import { num, str } from './itemRows';
import type { Prepare } from './statementCache';

export const maxHistory = 200;

function parseChange(json: string, editId: number): ChangeSet {
  const parsed = ChangeSetSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new DeskfitError(
      'INTERNAL',
      `Edit ${editId} in the project's history is damaged and cannot be replayed.`,
    );
  return parsed.data;
}

/** Applies the plan and records it; runs inside the caller's transaction. */
export function recordEdit(prepare: Prepare, plan: EditPlan, now: number): void {
  applyChangeSet(prepare, plan.forward);
  prepare('DELETE FROM edits WHERE undone = 1').run();
  const { lastInsertRowid } = prepare(
    'INSERT INTO edits (description, forward, inverse, created_at) VALUES (?, ?, ?, ?)',
  ).run(plan.description, JSON.stringify(plan.forward), JSON.stringify(plan.inverse), now);
  prepare('DELETE FROM edits WHERE id <= ?').run(Number(lastInsertRowid) - maxHistory);
}

/** Reverts the newest done edit; runs inside the caller's transaction. Null when there is none. */
export function undoLatest(prepare: Prepare): { description: string; changed: number } | null {
  const row = prepare(
    'SELECT id, description, inverse FROM edits WHERE undone = 0 ORDER BY id DESC LIMIT 1',
  ).get();
  if (row === undefined) return null;
  const id = num(row, 'id');
  const change = parseChange(str(row, 'inverse'), id);
  applyChangeSet(prepare, change);
  prepare('UPDATE edits SET undone = 1 WHERE id = ?').run(id);
  return { description: `Undid: ${str(row, 'description')}`, changed: changeSize(change) };
}

/** Re-applies the oldest undone edit; runs inside the caller's transaction. Null when there is none. */
export function redoNext(prepare: Prepare): { description: string; changed: number } | null {
  const row = prepare(
    'SELECT id, description, forward FROM edits WHERE undone = 1 ORDER BY id ASC LIMIT 1',
  ).get();
  if (row === undefined) return null;
  const id = num(row, 'id');
  const change = parseChange(str(row, 'forward'), id);
  applyChangeSet(prepare, change);
  prepare('UPDATE edits SET undone = 0 WHERE id = ?').run(id);
  return { description: `Redid: ${str(row, 'description')}`, changed: changeSize(change) };
}

export function hasEdit(prepare: Prepare, undone: boolean): boolean {
  return prepare('SELECT 1 FROM edits WHERE undone = ? LIMIT 1').get(undone ? 1 : 0) !== undefined;
}
