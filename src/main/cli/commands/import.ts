// `deskfit import <folder>`: checks every file of a folder and records it in a project (created beside
// the folder unless --project says otherwise), through the same service code as the app.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { openService } from '../openService';
import { fail, fraction, integer, printJson } from '../output';
import { defaultProjectDir, importFolder, openOrCreateProject } from '../projectFlow';

export const importCommand = new Command('import')
  .description(
    'Import a folder of images (class folders, train/valid folders, a CSV, or unlabeled) into a project.',
  )
  .argument('<folder>', 'the folder of images')
  .option('--project <dir>', 'project folder (default: <folder>.deskfit beside the folder)')
  .option('--json', 'progress as JSON lines, then the summary')
  .option(
    '--valid-pct <x>',
    'share of each class held out for validation when the layout has no split',
    fraction(0, 0.9),
    0.2,
  )
  .option('--seed <n>', 'random seed of the split', integer(0, 2 ** 31 - 1), 42)
  .option('--csv <file>', 'labels CSV (name,label[,is_valid]) when the folder holds several')
  .option(
    '--valid-file <file>',
    "fastai's valid.txt: validation image names, one a line (default: valid.txt in the folder, if any)",
  )
  .option('--name-column <col>', 'CSV column holding the file names')
  .option('--label-column <col>', 'CSV column holding the labels')
  .action(
    async (
      folder: string,
      opts: {
        project?: string;
        json?: boolean;
        validPct: number;
        seed: number;
        csv?: string;
        validFile?: string;
        nameColumn?: string;
        labelColumn?: string;
      },
    ) => {
      const json = Boolean(opts.json);
      const tty = !json && process.stdout.isTTY;
      const service = await openService();
      const projectDir = resolve(opts.project ?? defaultProjectDir(folder));
      const options = {
        folder: resolve(folder),
        validPct: opts.validPct,
        seed: opts.seed,
        ...(opts.validFile ? { validFile: opts.validFile } : {}),
        ...(opts.csv
          ? {
              csv: {
                file: opts.csv,
                ...(opts.nameColumn ? { nameColumn: opts.nameColumn } : {}),
                ...(opts.labelColumn ? { labelColumn: opts.labelColumn } : {}),
              },
            }
          : {}),
      };
      const opened = await openOrCreateProject(service, projectDir);
      if (opened) {
        await service.dispose();
        fail(opened, json);
      }
      const { summary, error } = await importFolder(service, options, { json, tty });
      await service.dispose();
      if (error || !summary)
        fail(error ?? { code: 'INTERNAL', message: 'The import ended without a summary.' }, json);
      if (json) printJson(summary);
      else {
        const classes = Object.entries(summary.byClass)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ');
        process.stdout.write(
          [
            `Imported ${summary.items} images into ${summary.project} (${summary.layout}, ${summary.seconds.toFixed(1)} s).`,
            `  train ${summary.bySplit.train}, valid ${summary.bySplit.valid}, test ${summary.bySplit.test}`,
            classes ? `  classes: ${classes}` : '  no labels yet: label them in the app',
            `  added ${summary.added}, updated ${summary.updated}, missing ${summary.missing}`,
            summary.problems.length > 0
              ? `  ${summary.problems.length} files could not be used:`
              : '  no problems',
            ...summary.problems.slice(0, 50).map((p) => `    ${p.path}: ${p.reason}`),
            summary.problems.length > 50
              ? `    … and ${summary.problems.length - 50} more (use --json for all)`
              : '',
          ]
            .filter(Boolean)
            .join('\n') + '\n',
        );
      }
      process.exit(0);
    },
  );
