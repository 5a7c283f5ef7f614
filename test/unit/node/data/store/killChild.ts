// A second deskfit process for the lock and kill tests, bundled by esbuild in the test and run with
// `process.execPath`. Modes (one line of output per event, flushed at once: stdout to a pipe is
// synchronous in Node on POSIX):
//   burst <dir> <label> <count>  label items one edit at a time, printing `ack <n>` after each commit
//   hold <dir>                   open the project, print `ready <pid>`, then wait to be killed
//   open <dir>                   try to open the project, print `opened` or `error <json>`
import { openProject } from '../../../../../src/main/data/store/projectStore';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const [mode, dir, label, countText] = process.argv.slice(2);

if (mode === 'burst' && dir && label && countText) {
  const store = openProject(dir);
  const ids = store.queryIds({ sort: 'path', descending: false, offset: 0, limit: 1 });
  const count = Math.min(Number(countText), ids.length);
  for (let n = 0; n < count; n++) {
    store.assignLabel([ids[n]!], label);
    print(`ack ${n}`);
  }
  store.close();
  print('done');
} else if (mode === 'hold' && dir) {
  openProject(dir);
  print(`ready ${process.pid}`);
  setInterval(() => undefined, 60_000);
} else if (mode === 'open' && dir) {
  try {
    openProject(dir).close();
    print('opened');
  } catch (err) {
    const { code, message } = err as { code?: string; message?: string };
    print(`error ${JSON.stringify({ code, message })}`);
  }
} else {
  process.stderr.write(`usage: killChild burst|hold|open <dir> [label count]\n`);
  process.exit(2);
}
