// `deskfit interpret <project>`: where the trained model goes wrong, as fastai's
// ClassificationInterpretation shows it — accuracy and loss on the validation set, the confusion
// matrix, the most confused pairs and the top losses (with the image paths, to relabel them).
// `--json` prints the whole InterpretResult. The result is also saved in the run for the app.
import { Command } from 'commander';
import type { InterpretResult } from '../../../shared/training';
import type { Service } from '../../service/service';
import { openService } from '../openService';
import { fail, integer, printJson, progressBar } from '../output';
import { defaultProjectDir, isProjectDir, runJobToEnd } from '../projectFlow';

/** Opens an existing project: the folder itself, or the `<folder>.deskfit` that `deskfit train` made. */
export async function openExistingProject(service: Service, target: string, json: boolean): Promise<void> {
  const dir = isProjectDir(target) ? target : defaultProjectDir(target);
  if (!isProjectDir(dir)) {
    await service.dispose();
    fail(
      {
        code: 'NOT_A_PROJECT',
        message: `${target} is not a deskfit project (and there is no ${dir} beside it). Train one first: deskfit train <folder>.`,
      },
      json,
    );
  }
  const reply = await service.dispatch('projects:open', { dir });
  if (!reply.ok) {
    await service.dispose();
    fail(reply.error, json);
  }
}

/** `rows` under a header, each column as wide as its widest cell; `right` columns are right-aligned. */
export function table(header: string[], rows: string[][], right: readonly boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

async function itemPaths(service: Service, ids: number[]): Promise<Map<number, string>> {
  const paths = new Map<number, string>();
  for (const id of ids) {
    const reply = await service.dispatch('items:get', { id });
    if (reply.ok) paths.set(id, (reply.value as { path: string }).path);
  }
  return paths;
}

export function interpretationText(r: InterpretResult, paths: Map<number, string>, shown: number): string {
  const n = r.items.itemId.length;
  const out = [
    `Run ${r.runId || '(model folder)'}: accuracy ${r.accuracy.toFixed(4)}, loss ${r.loss.toFixed(4)} on ${n} validation image${n === 1 ? '' : 's'}${r.tta ? ' (with TTA)' : ''}.`,
    '',
    'Confusion matrix (rows: actual, columns: predicted)',
    table(
      ['', ...r.classes],
      r.confusion.map((row, i) => [r.classes[i] ?? '', ...row.map(String)]),
      [false, ...r.classes.map(() => true)],
    ),
    '',
  ];
  out.push(
    r.mostConfused.length === 0
      ? 'No confusions: every validation image was predicted right.'
      : `Most confused: ${r.mostConfused
          .slice(0, 10)
          .map((p) => `${p.actual} → ${p.predicted} (${p.count})`)
          .join(', ')}`,
  );
  const top = r.topLosses.slice(0, shown);
  if (top.length > 0) {
    out.push(
      '',
      'Top losses (relabel on the Label page if the label is wrong)',
      table(
        ['item', 'actual', 'predicted', 'probability', 'loss', 'image'],
        top.map((t) => [
          String(t.itemId),
          t.actual,
          t.predicted,
          t.probability.toFixed(4),
          t.loss.toFixed(4),
          paths.get(t.itemId) ?? '',
        ]),
        [true, false, false, true, true, false],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

interface InterpretOpts {
  run?: string;
  tta?: boolean;
  top: number;
  json?: boolean;
}

export const interpretCommand = new Command('interpret')
  .description(
    'Show where a trained model goes wrong on the validation set: confusion matrix, most confused classes, top losses.',
  )
  .argument('<project>', 'a deskfit project (or the folder it was made from)')
  .option('--run <id>', 'the run to interpret (default: the newest run with a model)')
  .option(
    '--tta',
    'test-time augmentation, as fastai: 4 augmented passes averaged, then lerp to the plain one',
  )
  .option('--top <n>', 'top losses to list', integer(1, 1000), 10)
  .option('--json', 'print the whole interpretation as one JSON object')
  .action(async (target: string, opts: InterpretOpts) => {
    const json = Boolean(opts.json);
    const tty = !json && Boolean(process.stdout.isTTY);
    const service = await openService();
    await openExistingProject(service, target, json);
    const { result, error } = await runJobToEnd(
      service,
      {
        kind: 'interpret',
        params: {
          ...(opts.run ? { runId: opts.run } : {}),
          tta: Boolean(opts.tta),
          topLosses: Math.max(50, opts.top),
        },
      },
      (p) => {
        if (tty) progressBar('interpret', p.step, p.total ?? 0);
      },
    );
    if (tty) process.stdout.write('\r\x1b[K');
    if (error || !result) {
      await service.dispose();
      fail(
        error ?? { code: 'INTERNAL', message: 'Interpretation ended without a result.' },
        json,
        error?.code === 'CANCELLED' ? 130 : 1,
      );
    }
    const r = result as InterpretResult;
    if (json) {
      await service.dispose();
      printJson(r);
      process.exit(0);
    }
    const paths = await itemPaths(
      service,
      r.topLosses.slice(0, opts.top).map((t) => t.itemId),
    );
    await service.dispose();
    process.stdout.write(interpretationText(r, paths, opts.top));
    process.exit(0);
  });
