/**
 * Reads a labels file as a table without being told its dialect: sniffs the delimiter (comma,
 * semicolon, tab or pipe) from the first lines and returns every row as trimmed strings. A file that
 * is not a consistent table (a README, a log) gives `null`.
 */
import { readFile, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export const csvDelimiters = [',', '\t', ';', '|'] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];

export interface CsvTable {
  delimiter: CsvDelimiter;
  /** Every non-empty row, the header (if any) included. */
  rows: string[][];
}

/** Bigger files are not treated as label tables (a 200 MB CSV of labels would be a mistake). */
const maxCsvBytes = 200 * 1024 * 1024;
const sniffBytes = 64 * 1024;

function parseRows(text: string, delimiter: CsvDelimiter): string[][] | null {
  try {
    const rows: unknown = parse(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    });
    if (!Array.isArray(rows)) return null;
    return rows.filter((r): r is string[] => Array.isArray(r) && r.some((cell) => cell !== ''));
  } catch {
    return null;
  }
}

/** The delimiter that splits the sample into the most columns, the same number on (almost) every row. */
export function sniffDelimiter(sample: string): CsvDelimiter | null {
  const cut = sample.lastIndexOf('\n');
  const text = cut > 0 && sample.length >= sniffBytes ? sample.slice(0, cut) : sample;
  let best: { delimiter: CsvDelimiter; width: number; share: number } | null = null;
  for (const delimiter of csvDelimiters) {
    const rows = parseRows(text, delimiter);
    if (!rows || rows.length < 2) continue;
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    let width = 0;
    let hits = 0;
    for (const [w, n] of counts) if (n > hits || (n === hits && w > width)) [width, hits] = [w, n];
    const share = hits / rows.length;
    if (width < 2 || share < 0.9) continue;
    if (!best || share > best.share || (share === best.share && width > best.width))
      best = { delimiter, width, share };
  }
  return best?.delimiter ?? null;
}

/** Parses a labels file; `null` when it is too big, unreadable, or not a table. */
export async function readCsvTable(file: string, delimiter?: CsvDelimiter): Promise<CsvTable | null> {
  let text: string;
  try {
    if ((await stat(file)).size > maxCsvBytes) return null;
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const chosen = delimiter ?? sniffDelimiter(text.slice(0, sniffBytes));
  if (!chosen) return null;
  const rows = parseRows(text, chosen);
  if (!rows || rows.length === 0) return null;
  return { delimiter: chosen, rows };
}
