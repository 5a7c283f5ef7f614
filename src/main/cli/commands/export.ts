// `deskfit export <project> --out DIR`: copies a run's trained model (TF.js model.json + weights,
// deskfit.json manifest, README) to a folder of the user's choice — what `deskfit predict --model`
// and any TF.js app can load. Refuses a non-empty destination rather than mixing two models.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { openService } from '../openService';
import { fail, printJson } from '../output';
import { openExistingProject } from './interpret';

interface ExportOpts {
  out: string;
  run?: string;
  json?: boolean;
}

export const exportCommand = new Command('export')
  .description('Export a trained model (TF.js Layers model + deskfit.json + README) to a folder.')
  .argument('<project>', 'a deskfit project (or the folder it was made from)')
  .requiredOption('--out <dir>', 'an empty or new folder to export into')
  .option('--run <id>', 'the run whose model to export (default: the newest run with a model)')
  .option('--json', 'print {"dir": …, "files": […]}')
  .action(async (target: string, opts: ExportOpts) => {
    const json = Boolean(opts.json);
    const service = await openService();
    await openExistingProject(service, target, json);
    const reply = await service.dispatch('models:export', {
      ...(opts.run ? { runId: opts.run } : {}),
      dir: resolve(opts.out),
    });
    await service.dispose();
    if (!reply.ok) fail(reply.error, json);
    const { dir, files } = reply.value as { dir: string; files: string[] };
    if (json) printJson({ dir, files });
    else process.stdout.write(`Exported the model to ${dir} (${files.join(', ')})\n`);
    process.exit(0);
  });
