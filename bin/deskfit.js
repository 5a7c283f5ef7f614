#!/usr/bin/env node
// The `deskfit` command: runs the built CLI. Build once with `npm run build` (npm test builds too).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `deskfit needs Node 22.12 or newer (this is ${process.version}). Inside the project, "npx deskfit" uses the pinned Node 22.\n`,
  );
  process.exit(2);
}
if (!existsSync(cli)) {
  process.stderr.write(
    'deskfit is not built yet: run "npm run build" in the deskfit folder, then try again.\n',
  );
  process.exit(2);
}
// node:sqlite still prints an ExperimentalWarning on Node 22; it is expected, so keep stderr clean.
const [defaultWarningHandler] = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /SQLite/i.test(warning.message)) return;
  if (defaultWarningHandler) defaultWarningHandler(warning);
  else process.stderr.write(`${warning.name}: ${warning.message}\n`);
});
await import(pathToFileURL(cli).href);
