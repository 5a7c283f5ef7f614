// When a CSV's columns are ambiguous, the user picks the file, the name and label columns and the
// delimiter; the folder is then scanned again with those choices.
import { useState } from 'react';
import type { CsvCandidate, CsvOptions } from '../../../../shared/dataset';

const delimiters = [
  { value: ',', label: 'Comma ( , )' },
  { value: ';', label: 'Semicolon ( ; )' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe ( | )' },
] as const;
type Delimiter = (typeof delimiters)[number]['value'];

function asDelimiter(value: string): Delimiter {
  return delimiters.find((d) => d.value === value)?.value ?? ',';
}

export interface CsvChoiceProps {
  candidates: readonly CsvCandidate[];
  /** What the scan asks the user to decide. */
  question: string;
  chosen: CsvOptions | null;
  scanning: boolean;
  onRescan(csv: CsvOptions): void;
}

export function CsvChoice({ candidates, question, chosen, scanning, onRescan }: CsvChoiceProps) {
  const first = candidates.find((c) => c.file === chosen?.file) ?? candidates[0];
  const [file, setFile] = useState(first?.file ?? '');
  const candidate = candidates.find((c) => c.file === file) ?? first;
  const [nameColumn, setNameColumn] = useState(chosen?.nameColumn ?? candidate?.nameColumn ?? '');
  const [labelColumn, setLabelColumn] = useState(chosen?.labelColumn ?? candidate?.labelColumn ?? '');
  const [delimiter, setDelimiter] = useState<Delimiter>(
    asDelimiter(chosen?.delimiter ?? candidate?.delimiter ?? ','),
  );
  if (candidate === undefined) return null;
  const columns = candidate.columns;
  const ready = nameColumn !== '' && labelColumn !== '' && nameColumn !== labelColumn;

  return (
    <fieldset className="csv-choice">
      <legend>Which columns hold the labels?</legend>
      <p className="note">{question}</p>
      <div className="field-grid">
        {candidates.length > 1 && (
          <label className="field">
            <span>CSV file</span>
            <select
              value={file}
              onChange={(e) => {
                setFile(e.target.value);
                setNameColumn('');
                setLabelColumn('');
              }}
            >
              {candidates.map((c) => (
                <option key={c.file} value={c.file}>
                  {c.file}
                </option>
              ))}
            </select>
          </label>
        )}
        <ColumnSelect label="Name column" columns={columns} value={nameColumn} onChange={setNameColumn} />
        <ColumnSelect label="Label column" columns={columns} value={labelColumn} onChange={setLabelColumn} />
        <label className="field">
          <span>Delimiter</span>
          <select value={delimiter} onChange={(e) => setDelimiter(asDelimiter(e.target.value))}>
            {delimiters.map((d) => (
              <option key={d.label} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {candidate.sample.length > 0 && (
        <div className="table-scroll">
          <table className="data-table sample-table" aria-label="CSV sample">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {candidate.sample.slice(0, 3).map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button
        type="button"
        className="button"
        disabled={!ready || scanning}
        onClick={() => onRescan({ file: candidate.file, nameColumn, labelColumn, delimiter })}
      >
        {scanning ? 'Scanning…' : 'Scan again'}
      </button>
    </fieldset>
  );
}

/** One CSV column picker (name or label column), with an empty "Choose…" until the user picks. */
function ColumnSelect(props: {
  label: string;
  columns: readonly string[];
  value: string;
  onChange: (column: string) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Choose…</option>
        {props.columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
