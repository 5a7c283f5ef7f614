/**
 * Class names as the store keeps them: validated against the contract's rule, and read back with
 * their positions (the order the UI shows and the number keys 1–9 follow).
 */
import { ClassNameSchema } from '../../../shared/dataset';
import { DeskfitError } from '../../../shared/errors';
import { num, str } from './itemRows';
import type { Prepare } from './statementCache';

/** The trimmed name, or BAD_REQUEST saying what is wrong with it (`where` says where it came from). */
export function checkedClassName(name: string, where = 'Class name'): string {
  const parsed = ClassNameSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues[0]?.message ?? 'not a valid class name';
  throw new DeskfitError('BAD_REQUEST', `${where} "${name}" is not usable: ${reason}`, { name });
}

/** Class name → position, in position order. */
export function classPositions(prepare: Prepare): Map<string, number> {
  const rows = prepare('SELECT name, position FROM classes ORDER BY position, name').all();
  return new Map(rows.map((row) => [str(row, 'name'), num(row, 'position')]));
}

export function nextClassPosition(prepare: Prepare): number {
  const row = prepare('SELECT coalesce(max(position), -1) + 1 AS next FROM classes').get();
  return row === undefined ? 0 : num(row, 'next');
}

export function requireClass(positions: ReadonlyMap<string, number>, name: string): number {
  const position = positions.get(name);
  if (position === undefined) {
    const known = [...positions.keys()].slice(0, 10).join(', ');
    throw new DeskfitError(
      'NOT_FOUND',
      `There is no class "${name}" in this project${known ? ` (classes: ${known}${positions.size > 10 ? ', …' : ''})` : ''}. Refresh the class list and try again.`,
      { name },
    );
  }
  return position;
}
