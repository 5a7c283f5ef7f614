// Two real processes on one project: a second deskfit (or any SQLite client) is locked out cleanly,
// a SIGKILLed holder frees the project, and a burst of edits killed mid-way loses nothing it
// acknowledged and leaves an intact database.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, openProject } from '../../../../../src/main/data/store/projectStore';
import { plan, plannedItem, queryArgs, removeTempDirs, tempDir } from './storeFixtures';

let childScript: string;
const children: ChildProcessByStdio<null, Readable, Readable>[] = [];

beforeAll(async () => {
  childScript = join(tempDir('deskfit-kill-child-'), 'killChild.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'killChild.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
});

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  removeTempDirs();
});

/** Starts the child; `onLine` sees each stdout line; resolves with every line once the child is gone. */
function startChild(
  args: string[],
  onLine: (line: string, child: ChildProcessByStdio<null, Readable, Readable>) => void,
) {
  const child = spawn(process.execPath, ['--no-warnings', childScript, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      onLine(line, child);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ lines: string[]; code: number | null; signal: string | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ lines, code, signal, stderr })),
  );
  return { child, exited };
}

function projectWith(count: number): string {
  const dir = tempDir();
  const store = createProject(dir);
  store.applyImport(
    plan(Array.from({ length: count }, (_, i) => plannedItem(`img${String(i).padStart(4, '0')}.jpg`))),
  );
  store.close();
  return dir;
}

function integrity(dir: string): { integrity: unknown; foreignKeys: unknown[] } {
  const db = new DatabaseSync(join(dir, 'project.sqlite'));
  try {
    return {
      integrity: db.prepare('PRAGMA integrity_check').get()?.['integrity_check'],
      foreignKeys: db.prepare('PRAGMA foreign_key_check').all(),
    };
  } finally {
    db.close();
  }
}

describe('single holder', () => {
  it('a second deskfit process gets PROJECT_LOCKED naming this pid', async () => {
    const dir = projectWith(3);
    const store = openProject(dir);
    const { exited } = startChild(['open', dir], () => undefined);
    const { lines } = await exited;
    expect(lines).toHaveLength(1);
    const error = JSON.parse(lines[0]!.replace(/^error /, '')) as { code: string; message: string };
    expect(error.code).toBe('PROJECT_LOCKED');
    expect(error.message).toContain(
      `is open in another deskfit process (pid ${process.pid}). Close it there`,
    );
    store.close();
  });

  it('a plain SQLite client in another process can neither read nor write while deskfit holds the project', () => {
    const dir = projectWith(3);
    const store = openProject(dir);
    const script = `
      const { DatabaseSync } = require('node:sqlite');
      const db = new DatabaseSync(process.argv[1], { timeout: 100 });
      const attempt = (sql) => { try { db.exec(sql); return 'ok'; } catch (e) { return e.message; } };
      console.log(JSON.stringify({ read: attempt('SELECT count(*) FROM items'), write: attempt("INSERT INTO settings VALUES ('x', '1')") }));
    `;
    const run = spawnSync(process.execPath, ['--no-warnings', '-e', script, join(dir, 'project.sqlite')], {
      encoding: 'utf8',
    });
    expect(JSON.parse(run.stdout)).toEqual({ read: 'database is locked', write: 'database is locked' });
    expect(store.getSetting('x')).toBeUndefined();
    store.assignLabel(store.queryIds(queryArgs()), 'fine');
    store.close();
    expect(integrity(dir).integrity).toBe('ok');
  });

  it('a SIGKILLed holder frees the project', async () => {
    const dir = projectWith(3);
    let holderPid = 0;
    const { child, exited } = startChild(['hold', dir], (line) => {
      if (line.startsWith('ready ')) holderPid = Number(line.slice(6));
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => holderPid > 0 && (clearInterval(poll), resolve()), 10);
    });
    expect(() => openProject(dir)).toThrow(
      expect.objectContaining({
        code: 'PROJECT_LOCKED',
        message: expect.stringContaining(`pid ${holderPid}`),
      }),
    );
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    const store = openProject(dir);
    expect(store.stats().total).toBe(3);
    store.close();
  });
});

describe('kill test', () => {
  // Far more than the kill points, so the child is always still busy when the kill lands.
  const itemCount = 400;

  it.each([
    [3, 'first'],
    [25, 'second'],
    [60, 'third'],
    [100, 'fourth'],
  ])(
    'a burst of label edits SIGKILLed after %i acks keeps every acknowledged edit (%s)',
    async (killAfter, label) => {
      const dir = projectWith(itemCount);
      const { exited } = startChild(['burst', dir, label, String(itemCount)], (line, child) => {
        if (line === `ack ${killAfter - 1}`) child.kill('SIGKILL');
      });
      const { lines, signal, stderr } = await exited;
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');
      const acks = lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
      expect(acks).toEqual(acks.map((_, i) => i));
      const lastAck = acks.length - 1;
      expect(lastAck).toBeGreaterThanOrEqual(killAfter - 1);
      expect(lastAck).toBeLessThan(itemCount - 1);

      const store = openProject(dir);
      const items = store.query(queryArgs({ limit: 5000 })).items;
      const labelled = items.map((item) => item.labels[0] === label);
      const present = labelled.filter(Boolean).length;
      // Every acknowledged edit is there, and they are the first ones; at most one more got committed.
      expect(labelled.slice(0, lastAck + 1).every(Boolean)).toBe(true);
      expect(present === lastAck + 1 || present === lastAck + 2).toBe(true);
      expect(labelled.slice(present).some(Boolean)).toBe(false);
      expect(store.stats().classes).toEqual([
        { name: label, counts: { train: present, valid: 0, test: 0 }, total: present },
      ]);
      // The undo history matches: undoing everything clears every label.
      while (store.undo() !== null);
      expect(store.stats().unlabeled).toBe(itemCount);
      store.close();
      expect(integrity(dir)).toEqual({ integrity: 'ok', foreignKeys: [] });
    },
  );
});
