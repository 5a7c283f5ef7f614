/**
 * Picks the labels CSV of a folder: the one the user named, or the root-level table whose name
 * column matches the most images. Every root-level table is offered as a candidate (and is not a
 * "not an image" problem); when two fit equally well the user is asked instead of guessed for.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { CsvCandidate, CsvOptions } from '../../../shared/dataset';
import { DeskfitError } from '../../../shared/errors';
import { guessColumns, type ColumnGuess } from './csvColumns';
import { applyCsvLabels, type CsvLabelling } from './csvLabels';
import { readCsvTable, type CsvDelimiter } from './csvTable';
import { FileIndex } from './fileIndex';
import { extensionOf } from './imageFormats';
import type { WalkedFile } from './walk';

const tableExtensions = new Set(['.csv', '.tsv', '.txt']);
const sampleRows = 5;

export interface ChosenCsv {
  /** As shown to the user: relative to the folder when inside it. */
  file: string;
  guess: ColumnGuess;
  labelling: CsvLabelling;
}

export interface CsvChoice {
  /** Every root-level table; when one is used (layout 'csv') it comes first. */
  candidates: CsvCandidate[];
  /** Absolute paths of root-level files that read as tables: labels files, never "not an image". */
  tableFiles: Set<string>;
  chosen?: ChosenCsv;
  needsChoice?: string;
}

interface Evaluated {
  absPath: string;
  file: string;
  delimiter: CsvDelimiter;
  guess: ColumnGuess;
  candidate: CsvCandidate;
}

function toCandidate(file: string, delimiter: CsvDelimiter, guess: ColumnGuess): CsvCandidate {
  const pick = (j: number | undefined): string | undefined =>
    j === undefined ? undefined : guess.columns[j];
  const nameColumn = pick(guess.nameColumn);
  const labelColumn = pick(guess.labelColumn);
  return {
    file,
    delimiter,
    columns: guess.columns,
    ...(nameColumn !== undefined ? { nameColumn } : {}),
    ...(labelColumn !== undefined ? { labelColumn } : {}),
    multiLabel: guess.multiLabel,
    sample: guess.dataRows.slice(0, sampleRows),
  };
}

/** Enough of the sampled rows name existing images for this table to be the folder's labels. */
function matchesFolder(guess: ColumnGuess): boolean {
  return guess.bestMatches > 0 && guess.bestMatches >= guess.sampledRows * 0.5;
}

export async function chooseCsv(
  root: string,
  files: WalkedFile[],
  imageLike: (file: WalkedFile) => boolean,
  options: CsvOptions | undefined,
  displayPath: (root: string, file: string) => string,
): Promise<CsvChoice> {
  const tablePaths = files
    .filter((f) => f.segments.length === 1 && tableExtensions.has(extensionOf(f.path)))
    .map((f) => f.absPath);
  const requested = options ? resolve(root, options.file) : undefined;
  if (requested !== undefined) {
    const info = await stat(requested).catch(() => undefined);
    if (!info?.isFile())
      throw new DeskfitError(
        'NOT_FOUND',
        `The CSV file "${options?.file}" was not found (looked for ${requested}). Check the name, or leave the CSV option out to detect the layout.`,
        { field: 'csv.file' },
      );
    if (!tablePaths.includes(requested)) tablePaths.push(requested);
  }
  const out: CsvChoice = { candidates: [], tableFiles: new Set() };
  if (tablePaths.length === 0) return out;

  const index = new FileIndex(files.filter(imageLike).map((f) => f.path));
  const evaluated: Evaluated[] = [];
  for (const absPath of tablePaths) {
    const isRequested = absPath === requested;
    const table = await readCsvTable(absPath, isRequested ? options?.delimiter : undefined);
    const file = displayPath(root, absPath);
    if (!table) {
      if (isRequested)
        throw new DeskfitError(
          'BAD_REQUEST',
          `${file} could not be read as a table${options?.delimiter ? ` with the delimiter "${options.delimiter}"` : ''}. Check that it is a CSV with a header row, or choose its delimiter.`,
          { field: 'csv.delimiter' },
        );
      continue;
    }
    if (table.rows.every((r) => r.length < 2) && !isRequested) continue;
    const guess = guessColumns(table.rows, index, file, isRequested && options ? options : {});
    out.tableFiles.add(absPath);
    evaluated.push({
      absPath,
      file,
      delimiter: table.delimiter,
      guess,
      candidate: toCandidate(file, table.delimiter, guess),
    });
  }
  out.candidates = evaluated.map((e) => e.candidate);

  let chosen: Evaluated | undefined;
  if (requested !== undefined) {
    chosen = evaluated.find((e) => e.absPath === requested);
  } else {
    const matching = evaluated
      .filter((e) => matchesFolder(e.guess))
      .sort((a, b) => b.guess.bestMatches - a.guess.bestMatches);
    const [first, second] = matching;
    if (first && second && second.guess.bestMatches >= first.guess.bestMatches * 0.8) {
      const preferred = matching.filter((e) => /train|label/i.test(basename(e.file)));
      if (preferred.length === 1) chosen = preferred[0];
      else
        out.needsChoice = `Several CSV files name these images (${matching.map((e) => e.file).join(', ')}). Choose the CSV file that holds the labels.`;
    } else {
      chosen = first;
    }
    if (out.needsChoice) chosen = first;
  }
  if (!chosen) return out;

  const guess = chosen.guess;
  if (!out.needsChoice && guess.ambiguity) out.needsChoice = guess.ambiguity;
  if (!out.needsChoice && guess.nameColumn === undefined)
    out.needsChoice = `No column of ${chosen.file} names an image in this folder. Choose the name column, or check that the CSV belongs to this folder.`;
  const labelling = applyCsvLabels(guess, index, chosen.file, options?.labelDelimiter);
  out.chosen = { file: chosen.file, guess, labelling };
  // The CSV in use is listed first.
  out.candidates = [chosen.candidate, ...evaluated.filter((e) => e !== chosen).map((e) => e.candidate)];
  return out;
}
