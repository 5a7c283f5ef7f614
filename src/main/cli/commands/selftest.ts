// `deskfit selftest`: trains a tiny convnet in a trainer process; the loss must fall.
import { Command } from 'commander';
import { SelftestResultSchema } from '../../../shared/contract';
import { DeskfitError, type ErrorShape } from '../../../shared/errors';
import { openService } from '../openService';
import { fail, integer, printJson, progressBar } from '../output';

export const selftestCommand = new Command('selftest')
  .description('Train a tiny convnet on generated images in a trainer process; the loss must fall.')
  .option('--json', 'one JSON object per step, then the result')
  .option('--steps <n>', 'training steps', integer(2, 500), 30)
  .option('--seed <n>', 'random seed', integer(0, 2 ** 31 - 1), 42)
  .action(async (opts: { json?: boolean; steps: number; seed: number }) => {
    const json = Boolean(opts.json);
    const tty = !json && process.stdout.isTTY;
    const service = await openService();
    const outcome = new Promise<{ result?: unknown; error?: ErrorShape }>((resolve) => {
      service.events.on('jobs:progress', (p) => {
        const loss = p.metrics?.loss;
        const total = p.total ?? opts.steps;
        if (json) printJson({ step: p.step, total: p.total, loss });
        else if (tty) progressBar('self-test', p.step, total, `loss ${loss?.toFixed(4) ?? '?'}`);
        else process.stdout.write(`step ${p.step}/${total} loss ${loss?.toFixed(4) ?? '?'}\n`);
      });
      service.events.on('jobs:done', (d) => resolve({ result: d.result }));
      service.events.on('jobs:failed', (f) => resolve({ error: f.error }));
    });
    const reply = await service.dispatch('jobs:start', {
      kind: 'selftest',
      params: { steps: opts.steps, seed: opts.seed },
    });
    if (!reply.ok) fail(reply.error, json);
    const { jobId } = reply.value as { jobId: string };
    process.on('SIGINT', () => void service.dispatch('jobs:cancel', { jobId }));
    const { result, error } = await outcome;
    if (tty) process.stdout.write('\n');
    await service.dispose();
    if (error) fail(error, json, error.code === 'CANCELLED' ? 130 : 1);
    const parsed = SelftestResultSchema.safeParse(result);
    if (!parsed.success) {
      fail(
        new DeskfitError('INTERNAL', 'The trainer returned a malformed self-test result.').toShape(),
        json,
      );
    }
    const r = parsed.data;
    if (json) printJson(r);
    else {
      process.stdout.write(
        `${r.fell ? 'Self-test passed' : 'Self-test FAILED'} on ${r.backend}: loss ${r.firstLoss.toFixed(4)} → ${r.lastLoss.toFixed(4)} in ${r.losses.length} steps, ${r.imagesPerSecond.toFixed(0)} images/s.\n`,
      );
    }
    process.exit(r.fell ? 0 : 1);
  });
