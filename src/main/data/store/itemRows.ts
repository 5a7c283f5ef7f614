/**
 * Turns `items` rows into contract `Item`s. node:sqlite hands back loosely typed values, so each
 * column is read through a checked accessor instead of a cast.
 */
import type { SQLOutputValue } from 'node:sqlite';
import type { Item, Problem, ProblemKind, Split } from '../../../shared/dataset';
import { labelsFromKey } from './changeSet';

export type Row = Record<string, SQLOutputValue>;

export const itemColumns =
  'id, path, hash, size, width, height, split, problem_kind, problem_reason, excluded, missing, label_key';

export function num(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`Column ${column} is ${value === null ? 'null' : typeof value}, expected a number.`);
}

export function numOrNull(row: Row, column: string): number | null {
  return row[column] === null || row[column] === undefined ? null : num(row, column);
}

export function str(row: Row, column: string): string {
  const value = row[column];
  if (typeof value === 'string') return value;
  throw new Error(`Column ${column} is ${value === null ? 'null' : typeof value}, expected text.`);
}

export function strOrNull(row: Row, column: string): string | null {
  return row[column] === null || row[column] === undefined ? null : str(row, column);
}

export function itemFromRow(row: Row): Item {
  const kind = strOrNull(row, 'problem_kind');
  const problem: Problem | null =
    kind === null ? null : { kind: kind as ProblemKind, reason: strOrNull(row, 'problem_reason') ?? '' };
  return {
    id: num(row, 'id'),
    path: str(row, 'path'),
    hash: strOrNull(row, 'hash'),
    size: num(row, 'size'),
    width: numOrNull(row, 'width'),
    height: numOrNull(row, 'height'),
    split: str(row, 'split') as Split,
    labels: labelsFromKey(strOrNull(row, 'label_key')),
    problem,
    excluded: num(row, 'excluded') === 1,
    missing: num(row, 'missing') === 1,
  };
}
