// `deskfit doctor`: which compute backend is live, and why each other candidate is not.
import { Command, Option } from 'commander';
import { toErrorShape } from '../../../shared/errors';
import { formatDoctorReport } from '../doctorText';
import { fail, printJson } from '../output';

export const doctorCommand = new Command('doctor')
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
      const { initBackend } = await import('../../engine/backend');
      const report = await initBackend();
      if (opts.json) printJson(report);
      else process.stdout.write(`${formatDoctorReport(report)}\n`);
      process.exit(0);
    } catch (err) {
      fail(toErrorShape(err), Boolean(opts.json));
    }
  });
