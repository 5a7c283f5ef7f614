// `deskfit predict --model DIR <image|folder>…`: runs a saved model on images, no project needed.
// Without --csv or --json the CSV goes to stdout (so it pipes); with --csv it is written to that
// file; with --json progress lines are printed and the last line says how many were predicted and
// where the CSV is. Images that cannot be read are listed, never fatal.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { PredictResult } from '../../../shared/training';
import { openService } from '../openService';
import { fail, printJson, progressBar } from '../output';
import { runJobToEnd } from '../projectFlow';

export const defaultJsonCsv = 'predictions.csv';

interface PredictOpts {
  model: string;
  csv?: string;
  tta?: boolean;
  json?: boolean;
}

export const predictCommand = new Command('predict')
  .description(
    'Predict images with a trained model (a run’s model folder or an export); no project needed. Prints the CSV (name,prediction,probability,<one column per class>) unless --csv or --json.',
  )
  .argument('<inputs...>', 'image files or folders (folders are walked; non-images are skipped and listed)')
  .requiredOption('--model <dir>', 'the model folder (model.json, weights.bin, deskfit.json)')
  .option('--csv <file>', 'write the predictions CSV to this file')
  .option(
    '--tta',
    'test-time augmentation, as fastai: 4 augmented passes averaged, then lerp to the plain one',
  )
  .option(
    '--json',
    `JSON lines; the last is {"predicted": N, "csv": FILE, "failed": [...]}. The CSV goes to --csv, else ./${defaultJsonCsv}`,
  )
  .action(async (inputs: string[], opts: PredictOpts) => {
    const json = Boolean(opts.json);
    const toStdout = !json && opts.csv === undefined;
    const tempDir = toStdout ? await mkdtemp(join(tmpdir(), 'deskfit-predict-')) : undefined;
    const csv = tempDir ? join(tempDir, 'predictions.csv') : resolve(opts.csv ?? defaultJsonCsv);
    const tty = !json && !toStdout && Boolean(process.stdout.isTTY);
    const service = await openService();
    const { result, error } = await runJobToEnd(
      service,
      {
        kind: 'predict',
        params: {
          modelDir: resolve(opts.model),
          // The trainer runs in this folder too, so paths stay as typed and the CSV names read as typed.
          source: { paths: inputs },
          csv,
          tta: Boolean(opts.tta),
        },
      },
      (p) => {
        if (json) printJson({ step: p.step, total: p.total });
        else if (tty) progressBar('predict'.padEnd(9), p.step, p.total ?? 0);
      },
    );
    if (tty) process.stdout.write('\r\x1b[K');
    await service.dispose();
    if (error || !result) {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
      fail(
        error ?? { code: 'INTERNAL', message: 'Prediction ended without a result.' },
        json,
        error?.code === 'CANCELLED' ? 130 : 1,
      );
    }
    const r = result as PredictResult;
    if (json) {
      printJson({ predicted: r.predicted, csv: r.csv ?? csv, failed: r.failed });
      process.exit(0);
    }
    for (const f of r.failed) process.stderr.write(`deskfit: skipped ${f.name}: ${f.reason}\n`);
    if (tempDir) {
      const text = await readFile(csv, 'utf8');
      await rm(tempDir, { recursive: true, force: true });
      // A large CSV into a pipe: let it drain before exiting.
      await new Promise<void>((done) => process.stdout.write(text, () => done()));
    } else {
      process.stdout.write(
        `Predicted ${r.predicted} image${r.predicted === 1 ? '' : 's'}${r.failed.length > 0 ? ` (${r.failed.length} skipped)` : ''}; CSV written to ${r.csv ?? csv}\n`,
      );
    }
    process.exit(0);
  });
