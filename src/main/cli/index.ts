/**
 * The `deskfit` command. It calls the same service and engine code as the app. With `--json`, every
 * line printed is one JSON object and the last one is the result.
 */
import { Command } from 'commander';
import { toErrorShape } from '../../shared/errors';
import { appVersion } from '../version';
import { doctorCommand } from './commands/doctor';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { interpretCommand } from './commands/interpret';
import { predictCommand } from './commands/predict';
import { selftestCommand } from './commands/selftest';
import { serveCommand } from './commands/serve';
import { lrFindCommand, trainCommand } from './commands/train';
import { fail } from './output';

const program = new Command()
  .name('deskfit')
  .description('Train image models the fastai way, without code. Run a command, or "npm start" for the app.')
  .version(appVersion)
  .showHelpAfterError()
  .addCommand(doctorCommand)
  .addCommand(serveCommand)
  .addCommand(selftestCommand)
  .addCommand(importCommand)
  .addCommand(lrFindCommand)
  .addCommand(trainCommand)
  .addCommand(interpretCommand)
  .addCommand(exportCommand)
  .addCommand(predictCommand);

program
  .parseAsync(process.argv)
  .catch((err: unknown) => fail(toErrorShape(err), process.argv.includes('--json')));
