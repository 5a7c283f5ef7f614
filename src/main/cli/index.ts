/**
 * The `deskfit` command. It calls the same service and engine code as the app: `doctor` reports the
 * backends, `serve` runs the app for a browser, `selftest` trains a tiny convnet in a trainer process.
 * With `--json`, every line printed is one JSON object and the last one is the result.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { SelftestResultSchema, type JobProgress } from '../../shared/contract';
import { DeskfitError, toErrorShape, type ErrorShape } from '../../shared/errors';
import { initBackend } from '../engine/backend';
import { forkTrainer } from '../jobs/childTransport';
import { startServer } from '../server/server';
import { createService } from '../service/service';
import { appVersion } from '../version';
import { formatDoctorReport } from './doctorText';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

function fail(error: ErrorShape, json: boolean, exitCode = 1): never {
  if (json) process.stdout.write(`${JSON.stringify({ error })}\n`);
  else process.stderr.write(`deskfit: ${error.message}\n`);
  process.exit(exitCode);
}

const program = new Command()
  .name('deskfit')
  .description('Train image models the fastai way, without code. Run a command, or "npm start" for the app.')
  .version(appVersion)
  .showHelpAfterError();

program
  .command('doctor')
  .description('Report which compute backend is live and why each other candidate is not.')
  .option('--json', 'print one JSON object')
  .addOption(
    new Option('--backend <name>', 'force one backend').choices([
      'tfjs-node-gpu',
      'tfjs-node',
      'wasm',
      'cpu',
    ]),
  )
  .action(async (opts: { json?: boolean; backend?: string }) => {
    if (opts.backend) process.env.DESKFIT_BACKEND = opts.backend;
    try {
      const report = await initBackend();
      process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatDoctorReport(report)}\n`);
      process.exit(0);
    } catch (err) {
      fail(toErrorShape(err), Boolean(opts.json));
    }
  });

program
  .command('serve')
  .description('Serve the app to a browser: prints a URL with a one-time token.')
  .option('--host <host>', 'address to bind (loopback unless you choose otherwise)', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 = any free port)', integer(0, 65535), 0)
  .action(async (opts: { host: string; port: number }) => {
    const service = createService({ mode: 'web', spawnTrainer: forkTrainer() });
    let server;
    try {
      server = await startServer({ service, host: opts.host, port: opts.port });
    } catch (err) {
      service.dispose();
      const shape = toErrorShape(err);
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      fail(
        inUse
          ? {
              code: 'BAD_REQUEST',
              message: `Port ${opts.port} is in use: choose another with --port, or --port 0 for any free port.`,
            }
          : shape,
        false,
      );
    }
    if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
      process.stderr.write(
        `Warning: listening on ${opts.host}, reachable from other machines. Anyone with the token can use deskfit.\n`,
      );
    }
    process.stdout.write(`deskfit is serving at ${server.url}\n`);
    const stop = () => {
      service.dispose();
      void server.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('selftest')
  .description('Train a tiny convnet on generated images in a trainer process; the loss must fall.')
  .option('--json', 'one JSON object per step, then the result')
  .option('--steps <n>', 'training steps', integer(2, 500), 30)
  .option('--seed <n>', 'random seed', integer(0, 2 ** 31 - 1), 42)
  .action(async (opts: { json?: boolean; steps: number; seed: number }) => {
    const json = Boolean(opts.json);
    const service = createService({ mode: 'web', spawnTrainer: forkTrainer() });
    const tty = !json && process.stdout.isTTY;
    const outcome = new Promise<{ result?: unknown; error?: ErrorShape }>((resolve) => {
      service.events.on('jobs:progress', (p: JobProgress) => {
        const loss = p.metrics?.loss;
        if (json) process.stdout.write(`${JSON.stringify({ step: p.step, total: p.total, loss })}\n`);
        else if (tty) {
          const total = p.total ?? opts.steps;
          const filled = Math.round((p.step / total) * 30);
          process.stdout.write(
            `\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] step ${p.step}/${total}  loss ${loss?.toFixed(4) ?? '?'}`,
          );
        } else
          process.stdout.write(`step ${p.step}/${p.total ?? opts.steps} loss ${loss?.toFixed(4) ?? '?'}\n`);
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
    service.dispose();
    if (error) fail(error, json, error.code === 'CANCELLED' ? 130 : 1);
    const parsed = SelftestResultSchema.safeParse(result);
    if (!parsed.success)
      fail(
        new DeskfitError('INTERNAL', 'The trainer returned a malformed self-test result.').toShape(),
        json,
      );
    const r = parsed.data;
    if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      process.stdout.write(
        `${r.fell ? 'Self-test passed' : 'Self-test FAILED'} on ${r.backend}: loss ${r.firstLoss.toFixed(4)} → ${r.lastLoss.toFixed(4)} in ${r.losses.length} steps, ${r.imagesPerSecond.toFixed(0)} images/s.\n`,
      );
    }
    process.exit(r.fell ? 0 : 1);
  });

program
  .parseAsync(process.argv)
  .catch((err: unknown) => fail(toErrorShape(err), process.argv.includes('--json')));
