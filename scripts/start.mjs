// `npm start`: build, then open the desktop app. Where the Electron binary is missing (it cannot be
// downloaded on offline machines), say why and serve the same app to a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });

const build = run(process.execPath, [
  join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
  'build',
]);
if (build.status !== 0) process.exit(build.status ?? 1);

const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
const binary = existsSync(pathFile)
  ? join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  : undefined;

const child =
  binary && existsSync(binary)
    ? spawn(binary, [root], { cwd: root, stdio: 'inherit' })
    : (console.log(
        'The Electron binary is not installed here (run "npx install-electron" where you have internet access).\n' +
          'Starting deskfit in your browser instead: open the URL below.',
      ),
      spawn(process.execPath, [join(root, 'bin', 'deskfit.js'), 'serve', ...process.argv.slice(2)], {
        cwd: root,
        stdio: 'inherit',
      }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
