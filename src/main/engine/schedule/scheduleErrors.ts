/**
 * Argument checks shared by the schedule builders, so a bad setting fails once, at build time, with a
 * message naming the field — not as a NaN learning rate fifty batches into a run.
 */
import { DeskfitError } from '../../../shared/errors';

export function badSetting(field: string, value: unknown, expected: string): DeskfitError {
  return new DeskfitError(
    'BAD_REQUEST',
    `Invalid training setting ${field} = ${String(value)}: expected ${expected}. Change it and try again.`,
    { field, value },
  );
}

export function requirePositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw badSetting(field, value, 'a finite number above 0');
}

export function requireFraction(field: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw badSetting(field, value, 'a number from 0 to 1');
}

export function requireCount(field: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw badSetting(field, value, `a whole number ≥ ${min}`);
}
