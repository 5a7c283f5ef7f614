/**
 * Works out what a labels table means: is the first row a header, which column names the images,
 * which holds the labels, is there a fastai `is_valid` (ColSplitter) or a `split` column, and are
 * the labels space-separated tags (multi-label, planet/pascal style). When two answers are equally
 * plausible it says so in a sentence instead of guessing.
 */
import type { Split } from '../../../shared/dataset';
import { DeskfitError } from '../../../shared/errors';
import type { FileIndex } from './fileIndex';

export interface ColumnChoice {
  nameColumn?: string;
  labelColumn?: string;
  labelDelimiter?: string;
}

export interface ColumnGuess {
  header: boolean;
  columns: string[];
  dataRows: string[][];
  /** Row number (1-based, as a spreadsheet shows it) of `dataRows[0]`. */
  firstRowNumber: number;
  nameColumn?: number;
  /** How many sampled rows of the name column name an existing image. */
  nameMatches: number;
  /** The most sampled rows any one column matches (whether or not a name column was settled). */
  bestMatches: number;
  sampledRows: number;
  labelColumn?: number;
  splitColumn?: { index: number; kind: 'is_valid' | 'split' };
  multiLabel: boolean;
  /** Set when a column choice is ambiguous: the sentence to show. */
  ambiguity?: string;
}

const nameHint =
  /^(name|names|fname|file|files|filename|file_name|filepath|file_path|path|image|images|image_name|image_id|img|id)$/i;
const labelHint = /^(label|labels|tag|tags|class|classes|category|categories|target|y|breed|species)$/i;
const isValidHint = /^(is_valid|is_val|valid)$/i;
const splitHint = /^(split|set|subset)$/i;

const sampleLimit = 2000;

function columnNames(first: string[], width: number, header: boolean): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    let name = header ? (first[i] ?? '').trim() : '';
    if (!name) name = `column ${i + 1}`;
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name} (${n})`;
    seen.add(unique);
    names.push(unique);
  }
  return names;
}

/** `1/true/yes` → valid, `0/false/no/''` → train; anything else → undefined. */
export function parseIsValid(cell: string): Split | undefined {
  if (/^(1|true|t|yes|y)$/i.test(cell)) return 'valid';
  if (/^(0|false|f|no|n|)$/i.test(cell)) return 'train';
  return undefined;
}

export function parseSplitCell(cell: string): Split | undefined {
  const v = cell.toLowerCase();
  if (v === 'train' || v === 'training') return 'train';
  if (v === 'valid' || v === 'val' || v === 'validation') return 'valid';
  if (v === 'test' || v === 'testing') return 'test';
  return undefined;
}

function findColumn(columns: string[], name: string, file: string, what: string): number {
  const index = columns.indexOf(name);
  if (index < 0)
    throw new DeskfitError(
      'BAD_REQUEST',
      `${what} "${name}" is not a column of ${file}. Its columns are: ${columns.map((c) => `"${c}"`).join(', ')}.`,
      { field: what === 'The name column' ? 'csv.nameColumn' : 'csv.labelColumn', columns },
    );
  return index;
}

/**
 * Multi-label when cells hold several space-separated tags that also stand alone or recombine;
 * an explicit tag delimiter means multi-label.
 */
export function looksMultiLabel(cells: string[], delimiter: string | undefined): boolean {
  if (delimiter !== undefined) return true;
  const wholeCells = new Set<string>();
  const tags = new Set<string>();
  const tagsOfSeveral = new Set<string>();
  for (const cell of cells) {
    if (!cell) continue;
    wholeCells.add(cell);
    const parts = cell.split(/\s+/).filter(Boolean);
    for (const p of parts) {
      tags.add(p);
      if (parts.length > 1) tagsOfSeveral.add(p);
    }
  }
  if (tagsOfSeveral.size === 0) return false;
  // "cat dog" next to "cat": tags. "golden retriever" whose words never stand alone: one label.
  return tags.size < wholeCells.size || [...tagsOfSeveral].some((t) => wholeCells.has(t));
}

export function guessColumns(
  rows: string[][],
  index: FileIndex,
  file: string,
  choice: ColumnChoice,
): ColumnGuess {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const first = rows[0] ?? [];
  const namesAHeader = first.some((cell) =>
    [nameHint, labelHint, isValidHint, splitHint].some((re) => re.test(cell)),
  );
  const firstNamesAFile = first.some((cell) => index.resolve(cell).length > 0);
  const header = namesAHeader || !firstNamesAFile;
  const columns = columnNames(first, width, header);
  const dataRows = header ? rows.slice(1) : rows;
  const sample = dataRows.slice(0, sampleLimit);
  const guess: ColumnGuess = {
    header,
    columns,
    dataRows,
    firstRowNumber: header ? 2 : 1,
    nameMatches: 0,
    bestMatches: 0,
    sampledRows: sample.length,
    multiLabel: false,
  };

  const matches = columns.map((_, j) => sample.filter((r) => index.resolve(r[j] ?? '').length > 0).length);
  guess.bestMatches = Math.max(0, ...matches);
  if (choice.nameColumn !== undefined) {
    guess.nameColumn = findColumn(columns, choice.nameColumn, file, 'The name column');
  } else {
    const best = Math.max(0, ...matches);
    if (best > 0) {
      const close = columns.map((_, j) => j).filter((j) => (matches[j] ?? 0) >= best * 0.5);
      const hinted = close.filter((j) => nameHint.test(columns[j] ?? ''));
      if (close.length === 1) guess.nameColumn = close[0];
      else if (hinted.length === 1) guess.nameColumn = hinted[0];
      else
        guess.ambiguity = `In ${file}, the columns ${close.map((j) => `"${columns[j]}"`).join(' and ')} all name image files. Choose the name column.`;
    }
  }
  guess.nameMatches = guess.nameColumn === undefined ? 0 : (matches[guess.nameColumn] ?? 0);

  const splitIndex = columns.findIndex(
    (c, j) =>
      j !== guess.nameColumn &&
      ((isValidHint.test(c) && sample.every((r) => parseIsValid(r[j] ?? '') !== undefined)) ||
        (splitHint.test(c) && sample.every((r) => parseSplitCell(r[j] ?? '') !== undefined))),
  );
  if (splitIndex >= 0)
    guess.splitColumn = {
      index: splitIndex,
      kind: isValidHint.test(columns[splitIndex] ?? '') ? 'is_valid' : 'split',
    };

  if (choice.labelColumn !== undefined) {
    guess.labelColumn = findColumn(columns, choice.labelColumn, file, 'The label column');
  } else if (guess.nameColumn !== undefined) {
    const candidates = columns
      .map((_, j) => j)
      .filter((j) => j !== guess.nameColumn && j !== guess.splitColumn?.index)
      .filter((j) => {
        const values = sample.map((r) => r[j] ?? '').filter(Boolean);
        if (values.length === 0) return false;
        if ((matches[j] ?? 0) > sample.length / 2) return false;
        const unique = new Set(values).size === values.length;
        return !(unique && values.length >= 5);
      });
    const hinted = candidates.filter((j) => labelHint.test(columns[j] ?? ''));
    if (candidates.length === 1) guess.labelColumn = candidates[0];
    else if (hinted.length === 1) guess.labelColumn = hinted[0];
    else if (candidates.length > 1 && !guess.ambiguity)
      guess.ambiguity = `${file} has several columns that could hold the labels (${candidates.map((j) => `"${columns[j]}"`).join(', ')}). Choose the label column.`;
  }

  if (guess.labelColumn !== undefined) {
    const j = guess.labelColumn;
    guess.multiLabel = looksMultiLabel(
      dataRows.map((r) => r[j] ?? ''),
      choice.labelDelimiter,
    );
  }
  return guess;
}
