// The folder walk: hidden/system entries skipped and counted, link loops survived, unicode names
// normalised for the database but still openable, and clear errors for a bad folder.
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFolder } from '../../../../../src/main/data/import/scan';
import { walkFolder } from '../../../../../src/main/data/import/walk';
import { ImportOptionsSchema } from '../../../../../src/shared/dataset';
import { DeskfitError } from '../../../../../src/shared/errors';
import { makeManyNames, makeMessyFolder, type MessyFolder } from '../../../../helpers/fixtures';

let base: string;
let messy: MessyFolder;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-walk-'));
  messy = await makeMessyFolder(join(base, 'messy'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('walkFolder', () => {
  it('lists every file of the messy folder, sorted, without hidden or system entries', async () => {
    const walked = await walkFolder(messy.root);
    expect(walked.files.map((f) => f.path)).toEqual(Object.keys(messy.expected).sort());
    expect(walked.skippedHidden).toBe(messy.skippedHidden);
    expect(walked.files.some((f) => /DS_Store|Thumbs|desktop\.ini|MACOSX|\/\./.test(f.path))).toBe(false);
  });

  it('skips symlink loops and says so, without failing', async () => {
    const walked = await walkFolder(messy.root);
    const loops = walked.notes.filter((n) => n.kind === 'loop');
    expect(loops.map((n) => n.path).sort()).toEqual([...messy.loops].sort());
    expect(loops[0]?.reason).toMatch(/Link loop/);
  });

  it('follows a link to a folder that is not a loop, once per path', async () => {
    const root = join(base, 'links');
    await mkdir(join(root, 'real'), { recursive: true });
    await writeFile(join(root, 'real', 'a.jpg'), 'x');
    await symlink('real', join(root, 'alias'), 'dir');
    await symlink(join(root, 'real', 'a.jpg'), join(root, 'file-link.jpg'));
    await symlink('nowhere.jpg', join(root, 'broken.jpg'));
    const walked = await walkFolder(root);
    expect(walked.files.map((f) => f.path)).toEqual(['alias/a.jpg', 'file-link.jpg', 'real/a.jpg']);
    expect(walked.notes).toEqual([expect.objectContaining({ path: 'broken.jpg', kind: 'broken-link' })]);
  });

  it('keeps names as on disk, NFD included (as macOS writes them), so the relative path opens', async () => {
    const root = join(base, 'nfd');
    const nfd = 'cafe\u0301 ni\u006e\u0303o.jpg';
    await mkdir(root, { recursive: true });
    await writeFile(join(root, nfd), 'bytes');
    const walked = await walkFolder(root);
    const file = walked.files[0];
    expect(file?.path).toBe(nfd);
    expect(file?.path.normalize('NFC')).toBe('café niño.jpg'.normalize('NFC'));
    expect(await readFile(file?.absPath ?? '', 'utf8')).toBe('bytes');
    expect(await readFile(join(root, file?.path ?? ''), 'utf8')).toBe('bytes');
  });

  it('round-trips unicode and spaces in names', async () => {
    const walked = await walkFolder(messy.root);
    const paths = walked.files.map((f) => f.path);
    expect(paths).toContain('café/niño ü.png');
    expect(paths).toContain('狗/小狗 照片.jpg');
    expect(paths).toContain('cats/with space.jpg');
  });

  it('refuses a missing folder, a file, and (when testable) an unreadable folder with clear messages', async () => {
    const missing = join(base, 'does-not-exist');
    await expect(walkFolder(missing)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The folder "${missing}" does not exist. Check the path or pick the folder again.`,
    });
    const file = join(messy.root, 'loose.jpg');
    const error = await walkFolder(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeskfitError);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(`"${file}" is a file, not a folder`),
    });

    const locked = join(base, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o000);
    try {
      const result = await walkFolder(locked).then(
        () => 'read',
        (e: unknown) => e,
      );
      if (result === 'read') {
        // Root reads a chmod-000 folder anyway; the refusal cannot be produced here.
        expect(process.getuid?.()).toBe(0);
      } else {
        expect(result).toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringContaining('Give deskfit read access'),
        });
      }
    } finally {
      await chmod(locked, 0o755);
    }
  });

  it('stops promptly when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(walkFolder(messy.root, { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});

describe('scan of the messy folder', () => {
  it('counts hidden files, lists name-level problems and loops, and decodes nothing', async () => {
    const { preview, files } = await scanFolder(ImportOptionsSchema.parse({ folder: messy.root }));
    expect(preview.layout).toBe('folder-per-class');
    expect(preview.skippedHidden).toBe(messy.skippedHidden);
    const named = Object.fromEntries(preview.problems.map((p) => [p.path, p.kind ?? 'note']));
    expect(named).toEqual({
      'README.md': 'not-an-image',
      'cats/notes.txt': 'not-an-image',
      'cats/picture.bmp': 'unsupported',
      'cats/up': 'note',
      self: 'note',
    });
    expect(files.find((f) => f.path === 'cats/picture.bmp')?.problem?.reason).toMatch(
      /BMP images cannot be read by deskfit.*Convert the file to PNG or JPEG/,
    );
    expect(files.find((f) => f.path === 'loose.jpg')?.labels).toEqual([]);
    expect(files.find((f) => f.path === 'cats/old/backup/deep.jpg')?.labels).toEqual(['cats']);
  });

  it('scans thousands of names quickly (no file is read)', async () => {
    const root = join(base, 'many');
    await makeManyNames(root, 2_000);
    const started = performance.now();
    const { preview } = await scanFolder(ImportOptionsSchema.parse({ folder: root }));
    const seconds = (performance.now() - started) / 1000;
    expect(preview.images).toBe(2_000);
    expect(seconds).toBeLessThan(3);
  });
});
