// `deskfit train <folder|project>` and `deskfit lr-find <folder|project>`: the newcomer's one-line path.
// A folder is imported into a project beside it first; training runs in a trainer process with
// progress on the terminal (fastai's epoch table) or JSON lines, and the last line is the result.
// A train is a run of the project (`runs/<id>`): `--resume <id>` continues a stopped one, `--export`
// copies its model to a folder.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { archNames, type EventPayload } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import { optimizerNames, type OptimizerName } from '../../../shared/training';
import { formatTime } from '../../engine/recorder/fastaiTable';
import { openService } from '../openService';
import { fail, fraction, integer, printJson, progressBar } from '../output';
import { projectForTarget, runJobToEnd, type Output } from '../projectFlow';

function learningRate(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 10) {
    throw new InvalidArgumentError(
      `expected a learning rate above 0 and at most 10, or "auto", got "${value}".`,
    );
  }
  return n;
}

interface ModelOpts {
  arch: (typeof archNames)[number];
  size: number;
  bs: number;
  seed: number;
  width?: number;
  body?: string;
  json?: boolean;
}

const withModelOptions = (command: Command): Command =>
  command
    .addOption(new Option('--arch <arch>', 'architecture').choices([...archNames]).default('resnet18'))
    .option('--size <n>', 'image side in pixels', integer(16, 512), 64)
    .option('--bs <n>', 'batch size', integer(1, 1024), 64)
    .option('--seed <n>', 'random seed', integer(0, 2 ** 31 - 1), 42)
    .option('--width <n>', 'base channel width of the model (smaller is faster)', integer(1, 256))
    .option(
      '--body <model>',
      "a TF.js Layers model (model.json or its folder) whose body replaces --arch's, under fastai's head",
    )
    .option('--json', 'one JSON object per line, the last one the result');

function modelParams(opts: ModelOpts) {
  return {
    arch: opts.arch,
    size: opts.size,
    batchSize: opts.bs,
    seed: opts.seed,
    ...(opts.width !== undefined ? { width: opts.width } : {}),
    // Resolved here: the trainer process may not share this shell's working folder.
    ...(opts.body !== undefined ? { body: resolve(opts.body) } : {}),
  };
}

async function prepare(target: string, json: boolean) {
  const out: Output = { json, tty: !json && Boolean(process.stdout.isTTY) };
  const service = await openService();
  const error = await projectForTarget(service, target, out);
  if (error) {
    await service.dispose();
    fail(error, json);
  }
  return { service, out };
}

export const lrFindCommand = withModelOptions(
  new Command('lr-find')
    .description('Sweep the learning rate and suggest one (fastai lr_find).')
    .argument('<target>', 'a folder of images or a deskfit project'),
).action(async (target: string, opts: ModelOpts) => {
  const json = Boolean(opts.json);
  const { service, out } = await prepare(target, json);
  const { result, error } = await runJobToEnd(
    service,
    { kind: 'lr-find', params: { ...modelParams(opts), start: 1e-7, end: 10, numIt: 100 } },
    (p) => {
      if (json) printJson({ step: p.step, total: p.total, lr: p.metrics?.lr, loss: p.metrics?.loss });
      else if (out.tty)
        progressBar('lr-find', p.step, p.total ?? 100, `lr ${p.metrics?.lr?.toExponential(2) ?? ''}`);
    },
  );
  if (out.tty) process.stdout.write('\n');
  await service.dispose();
  if (error || !result)
    fail(
      error ?? { code: 'INTERNAL', message: 'lr-find ended without a result.' },
      json,
      error?.code === 'CANCELLED' ? 130 : 1,
    );
  const r = result as { suggestions: Record<string, unknown>; lrs: number[]; losses: number[] };
  const { valley, slide, minimum, steep } = r.suggestions as Record<string, number | null>;
  if (json) printJson({ suggestions: { valley, slide, minimum, steep }, lrs: r.lrs, losses: r.losses });
  else {
    const fmt = (x: number | null | undefined) => (typeof x === 'number' ? x.toExponential(2) : 'n/a');
    process.stdout.write(
      `Suggested learning rates: valley ${fmt(valley)} (use this), slide ${fmt(slide)}, minimum ${fmt(minimum)}, steep ${fmt(steep)}\n`,
    );
  }
  process.exit(0);
});

interface TrainOpts extends ModelOpts {
  epochs: number;
  lr: number | 'auto';
  fineTune?: boolean;
  freezeEpochs: number;
  wd: number;
  augment: boolean;
  optimizer: OptimizerName;
  lrMult?: number;
  labelSmoothing: number;
  resume?: string;
  export?: string;
}

/** What the train job returns (see engine/jobs/trainJob.ts), as far as the CLI reads it. */
interface TrainResult {
  epochs: {
    epoch: number;
    train_loss: number;
    valid_loss: number | null;
    seconds: number;
    [metric: string]: unknown;
  }[];
  model: string;
  backend: string;
  lr: number;
  run: string;
  bestEpoch: number | null;
  outcome: { status: 'completed' | 'cancelled' | 'diverged'; reason?: string };
}

const tableColumns = ['epoch', 'train_loss', 'valid_loss', 'accuracy', 'error_rate', 'time'] as const;

/** One row of fastai's table: numbers to 6 places, `#na#` for a missing figure, time as mm:ss. */
function epochLine(m: Record<string, number | undefined>): string {
  const cells = tableColumns.map((column) => {
    if (column === 'epoch') return String(m.epoch ?? '');
    if (column === 'time') return formatTime(m.seconds ?? 0);
    const value = m[column];
    return value === undefined ? '#na#' : value.toFixed(6);
  });
  return cells
    .map((cell, i) => cell.padEnd(tableColumns[i]!.length + 2))
    .join('')
    .trimEnd();
}

const tableHeader = tableColumns
  .map((c) => c.padEnd(c.length + 2))
  .join('')
  .trimEnd();

function epochRow(e: Record<string, unknown>) {
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  return {
    epoch: num(e.epoch),
    train_loss: num(e.train_loss),
    valid_loss: num(e.valid_loss) ?? null,
    accuracy: num(e.accuracy),
    error_rate: num(e.error_rate),
    seconds: num(e.seconds),
  };
}

function trainParams(opts: TrainOpts) {
  if (opts.resume !== undefined) return { resumeRunId: opts.resume };
  return {
    ...modelParams(opts),
    epochs: opts.epochs,
    lr: opts.lr,
    fineTune: Boolean(opts.fineTune),
    freezeEpochs: opts.freezeEpochs,
    wd: opts.wd,
    augment: opts.augment,
    labelSmoothing: opts.labelSmoothing,
    optimizer: opts.optimizer,
    ...(opts.lrMult !== undefined ? { lrMult: opts.lrMult } : {}),
  };
}

async function exportModel(modelDir: string, dir: string): Promise<{ dir?: string; error?: ErrorShape }> {
  const [{ exportModelDir }, { toErrorShape }] = await Promise.all([
    import('../../service/modelExport'),
    import('../../../shared/errors'),
  ]);
  try {
    return { dir: (await exportModelDir(modelDir, dir)).dir };
  } catch (err) {
    return { error: toErrorShape(err) };
  }
}

export const trainCommand = withModelOptions(
  new Command('train')
    .description('Train an image classifier the fastai way (one-cycle, or fine-tune a pretrained body).')
    .argument('<target>', 'a folder of images or a deskfit project'),
)
  .option('--epochs <n>', 'epochs', integer(1, 1000), 5)
  .option('--lr <x>', 'learning rate, or "auto" to run the LR finder first', learningRate, 'auto' as const)
  .option('--fine-tune', 'fastai fine_tune: frozen epochs first, then unfrozen with discriminative rates')
  .option('--freeze-epochs <n>', 'frozen epochs of --fine-tune', integer(0, 100), 1)
  .option('--wd <x>', 'weight decay', fraction(0, 1), 0.01)
  .option('--no-augment', 'train without data augmentation')
  .addOption(new Option('--optimizer <name>', 'optimizer').choices([...optimizerNames]).default('adamw'))
  .option(
    '--lr-mult <x>',
    'discriminative rates: the earliest layers train at lr / x (default 100 when fine-tuning, else 1)',
    fraction(1, 1e6),
  )
  .option('--label-smoothing <x>', 'label smoothing ε (fastai uses 0.1)', fraction(0, 1), 0)
  .option(
    '--resume <run-id>',
    "continue a stopped run from its last checkpoint (with the run's own settings)",
  )
  .option('--export <dir>', 'after training, copy the model to this folder (empty or new)')
  .action(async (target: string, opts: TrainOpts) => {
    const json = Boolean(opts.json);
    const { service, out } = await prepare(target, json);
    let headerShown = false;
    const { result, error } = await runJobToEnd(
      service,
      { kind: 'train', params: trainParams(opts) },
      (p: EventPayload<'jobs:progress'>) => {
        const m = p.metrics ?? {};
        if (p.message === 'epoch') {
          if (json) printJson(epochRow(m));
          else {
            if (out.tty) process.stdout.write('\r\x1b[K');
            if (!headerShown) process.stdout.write(`${tableHeader}\n`);
            headerShown = true;
            process.stdout.write(`${epochLine(m)}\n`);
          }
        } else if (out.tty) {
          const label = p.message === 'lr-find' ? 'lr-find' : `epoch ${(m.epoch ?? 0) + 1}`;
          progressBar(
            label.padEnd(9),
            p.step,
            p.total ?? 0,
            `loss ${m.smoothLoss?.toFixed(4) ?? m.loss?.toFixed(4) ?? ''}`,
          );
        }
      },
    );
    if (out.tty) process.stdout.write('\r\x1b[K');
    await service.dispose();
    if (error || !result)
      fail(
        error ?? { code: 'INTERNAL', message: 'Training ended without a result.' },
        json,
        error?.code === 'CANCELLED' ? 130 : 1,
      );
    const r = result as TrainResult;
    let model = r.model;
    if (opts.export !== undefined) {
      const exported = await exportModel(r.model, opts.export);
      if (exported.error) fail(exported.error, json);
      model = exported.dir ?? model;
    }
    if (json) {
      printJson({ outcome: r.outcome, lr: r.lr, bestEpoch: r.bestEpoch });
      printJson({ epochs: r.epochs.map(epochRow), model, backend: r.backend, run: r.run });
    } else {
      if (r.outcome.status !== 'completed')
        process.stdout.write(`Stopped early: ${r.outcome.reason ?? r.outcome.status}\n`);
      process.stdout.write(
        `Run ${r.run} trained on ${r.backend} with learning rate ${r.lr.toExponential(2)}; ` +
          `model from epoch ${r.bestEpoch ?? '-'} saved in ${model}\n`,
      );
      if (r.outcome.status === 'cancelled')
        process.stdout.write(`Resume it with: deskfit train ${target} --resume ${r.run}\n`);
    }
    process.exit(r.outcome.status === 'diverged' ? 1 : r.outcome.status === 'cancelled' ? 130 : 0);
  });
