/**
 * The fastai label CSV: `name,label,is_valid`, one row per image, tags space-separated, `is_valid` as
 * `True`/`False` (what `ColSplitter` reads). Formatting and parsing only; the store decides which
 * items go out and what the parsed rows change.
 */
import { parse, type Info } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DeskfitError } from '../../../shared/errors';

export interface LabelCsvRow {
  /** Item path relative to the data root. */
  name: string;
  labels: string[];
  /** Absent when the CSV has no `is_valid` column. */
  isValid?: boolean;
  /** 1-based line of the record, for error messages. */
  line: number;
}

export function formatLabelCsv(rows: readonly Omit<LabelCsvRow, 'line'>[]): string {
  return stringify(
    rows.map((row) => [row.name, row.labels.join(' '), row.isValid ? 'True' : 'False']),
    { header: true, columns: ['name', 'label', 'is_valid'] },
  );
}

const nameHeaders = ['name', 'fname', 'file', 'filename', 'path'];
const labelHeaders = ['label', 'labels', 'tags'];

function parseIsValid(cell: string, line: number): boolean {
  const value = cell.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new DeskfitError(
    'BAD_REQUEST',
    `Line ${line} of the CSV has is_valid "${cell}"; use True or False (or 1/0).`,
    { line, field: 'is_valid' },
  );
}

/**
 * A CSV name as an item path: forward slashes, no leading `./`. Not Unicode-normalised: the store
 * matches it exactly first, then by name key (NFC), so either form finds the item.
 */
export function normaliseItemName(name: string): string {
  return name
    .trim()
    .replaceAll('\\', '/')
    .replace(/^(\.\/)+/, '');
}

/**
 * Splits a label cell into tags. A cell that is exactly a known class stays whole, so single-label
 * classes with spaces in their names survive a round trip.
 */
export function splitLabelCell(cell: string, knownClasses: ReadonlySet<string>): string[] {
  const trimmed = cell.trim();
  if (trimmed === '') return [];
  if (knownClasses.has(trimmed)) return [trimmed];
  return trimmed.split(/\s+/);
}

export function parseLabelCsv(text: string, knownClasses: ReadonlySet<string>): LabelCsvRow[] {
  let records: { info: Info; record: string[] }[];
  try {
    // With `info`, csv-parse returns {info, record} pairs (its typings still say string[][]).
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as {
      info: Info;
      record: string[];
    }[];
  } catch (err) {
    throw new DeskfitError('BAD_REQUEST', `The CSV cannot be read: ${(err as Error).message}`);
  }
  const [first, ...body] = records;
  const header = first?.record;
  if (header === undefined)
    throw new DeskfitError('BAD_REQUEST', 'The CSV is empty; expected a header name,label,is_valid.');
  const columns = header.map((h) => h.trim().toLowerCase());
  const nameAt = columns.findIndex((c) => nameHeaders.includes(c));
  const labelAt = columns.findIndex((c) => labelHeaders.includes(c));
  const validAt = columns.indexOf('is_valid');
  if (nameAt < 0 || labelAt < 0) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `The CSV header is "${header.join(',')}"; expected columns name and label (and optionally is_valid), as deskfit exports.`,
      { header },
    );
  }
  const rows: LabelCsvRow[] = [];
  for (const { info, record } of body) {
    const name = normaliseItemName(record[nameAt] ?? '');
    if (name === '') continue;
    const row: LabelCsvRow = {
      name,
      labels: splitLabelCell(record[labelAt] ?? '', knownClasses),
      line: info.lines,
    };
    if (validAt >= 0) row.isValid = parseIsValid(record[validAt] ?? '', info.lines);
    rows.push(row);
  }
  return rows;
}
