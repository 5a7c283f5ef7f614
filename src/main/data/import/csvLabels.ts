/**
 * Turns a labels table plus its column guess into per-file labels and splits, and lists what did not
 * fit: rows naming files that are not there (`missing`, naming the row), rows naming several files,
 * repeated rows, labels that cannot be class names.
 */
import { ClassNameSchema, type FileProblem, type Split } from '../../../shared/dataset';
import { parseIsValid, parseSplitCell, type ColumnGuess } from './csvColumns';
import { normaliseCsvName, type FileIndex } from './fileIndex';

export interface MissingRow {
  /** The name as the CSV writes it, normalised like a relative path. */
  path: string;
  reason: string;
  labels: string[];
  split?: Split;
}

export interface CsvLabelling {
  labels: Map<string, string[]>;
  splits: Map<string, Split>;
  missing: MissingRow[];
  /** Rows that could not be applied, for the preview's problems list (no item). */
  notes: FileProblem[];
  classes: string[];
}

export function splitLabels(cell: string, multiLabel: boolean, delimiter: string | undefined): string[] {
  const raw = multiLabel ? (delimiter === undefined ? cell.split(/\s+/) : cell.split(delimiter)) : [cell];
  return [...new Set(raw.map((t) => t.trim().normalize('NFC')).filter(Boolean))];
}

export function applyCsvLabels(
  guess: ColumnGuess,
  index: FileIndex,
  csvName: string,
  labelDelimiter: string | undefined,
): CsvLabelling {
  const out: CsvLabelling = { labels: new Map(), splits: new Map(), missing: [], notes: [], classes: [] };
  const classes = new Set<string>();
  const firstRowOf = new Map<string, number>();
  const nameColumn = guess.nameColumn;
  if (nameColumn === undefined) return out;
  guess.dataRows.forEach((row, i) => {
    const rowNumber = guess.firstRowNumber + i;
    const name = row[nameColumn] ?? '';
    if (!name.trim()) return;
    const labels: string[] = [];
    if (guess.labelColumn !== undefined) {
      for (const label of splitLabels(row[guess.labelColumn] ?? '', guess.multiLabel, labelDelimiter)) {
        if (ClassNameSchema.safeParse(label).success) labels.push(label);
        else
          out.notes.push({
            path: csvName,
            reason: `Row ${rowNumber} of ${csvName}: "${label}" cannot be a class name (no slashes or control characters); that label was left out.`,
          });
      }
    }
    let split: Split | undefined;
    if (guess.splitColumn) {
      const cell = row[guess.splitColumn.index] ?? '';
      split = guess.splitColumn.kind === 'is_valid' ? parseIsValid(cell) : parseSplitCell(cell);
    }
    for (const label of labels) classes.add(label);
    const files = index.resolve(name);
    if (files.length === 0) {
      const path = normaliseCsvName(name);
      if (firstRowOf.has(path)) return;
      firstRowOf.set(path, rowNumber);
      out.missing.push({
        path,
        reason: `Row ${rowNumber} of ${csvName} names "${name}", which is not in the folder. Fix the name in the CSV or add the file.`,
        labels,
        ...(split ? { split } : {}),
      });
      return;
    }
    if (files.length > 1) {
      out.notes.push({
        path: csvName,
        reason: `Row ${rowNumber} of ${csvName} names "${name}", which matches ${files.length} files (${files.slice(0, 3).join(', ')}${files.length > 3 ? '…' : ''}). Write the name with its folder in the CSV; the row was not used.`,
      });
      return;
    }
    const file = files[0] ?? '';
    const earlier = firstRowOf.get(file);
    if (earlier !== undefined) {
      out.notes.push({
        path: csvName,
        reason: `Row ${rowNumber} of ${csvName} names ${file} again (first at row ${earlier}); the first row is used. Remove the repeated row.`,
      });
      return;
    }
    firstRowOf.set(file, rowNumber);
    out.labels.set(file, labels);
    if (split) out.splits.set(file, split);
  });
  out.classes = [...classes].sort();
  return out;
}
