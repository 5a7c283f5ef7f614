/**
 * Reads and writes run records. The trainer process writes `run.json` (atomically, after every
 * epoch); the service lists and reads them. A record that fails its schema is reported by name
 * rather than hiding the other runs.
 */
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DeskfitError } from '../../shared/errors';
import {
  InterpretResultSchema,
  RunRecordSchema,
  type InterpretResult,
  type RunRecord,
  type RunSummary,
} from '../../shared/training';
import { isRunId, runDir, runInterpretFile, runRecordFile, runsDir } from './runLayout';

export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, file);
}

export async function writeRunRecord(projectDir: string, record: RunRecord): Promise<void> {
  await writeJsonAtomically(runRecordFile(runDir(projectDir, record.id)), RunRecordSchema.parse(record));
}

function checkRunId(runId: string): void {
  if (!isRunId(runId)) throw new DeskfitError('BAD_REQUEST', `"${runId}" is not a run id.`);
}

export async function readRunRecord(projectDir: string, runId: string): Promise<RunRecord> {
  checkRunId(runId);
  const file = runRecordFile(runDir(projectDir, runId));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DeskfitError('NOT_FOUND', `No run "${runId}" in this project (looked for ${file}).`);
  }
  const parsed = RunRecordSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new DeskfitError(
      'INTERNAL',
      `The run record ${file} is damaged: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/** Epochs the run's params ask for: fine-tune's frozen epochs count too. */
export function plannedEpochs(record: RunRecord): number {
  const { epochs, fineTune, freezeEpochs } = record.params;
  if (typeof epochs !== 'number') return record.epochs.length;
  return fineTune === true && typeof freezeEpochs === 'number' ? epochs + freezeEpochs : epochs;
}

export function summarizeRun(record: RunRecord): RunSummary {
  const last = record.epochs.at(-1);
  const planned = plannedEpochs(record);
  return {
    id: record.id,
    status: record.status,
    startedAt: record.startedAt,
    ...(record.endedAt !== undefined ? { endedAt: record.endedAt } : {}),
    arch: typeof record.params.arch === 'string' ? record.params.arch : 'unknown',
    epochs: record.epochs.length,
    plannedEpochs: planned,
    lr: record.lr,
    validLoss: last?.valid_loss ?? null,
    metrics: last?.metrics ?? {},
    modelDir: record.modelDir,
    resumable: record.status !== 'completed' && record.checkpointEpoch !== null,
  };
}

/** Every readable run of a project, newest first (damaged records are skipped). */
export async function listRuns(projectDir: string): Promise<RunRecord[]> {
  let names: string[];
  try {
    names = await readdir(runsDir(projectDir));
  } catch {
    return [];
  }
  const records: RunRecord[] = [];
  for (const name of names.filter(isRunId)) {
    try {
      records.push(await readRunRecord(projectDir, name));
    } catch {
      // A run folder without a readable record (being created, or damaged) is not listed.
    }
  }
  return records.sort((a, b) => b.startedAt - a.startedAt);
}

export async function readInterpretation(projectDir: string, runId: string): Promise<InterpretResult | null> {
  checkRunId(runId);
  let text: string;
  try {
    text = await readFile(runInterpretFile(runDir(projectDir, runId)), 'utf8');
  } catch {
    return null;
  }
  const parsed = InterpretResultSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}
