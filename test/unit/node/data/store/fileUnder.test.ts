// Where an item's file is: the project's relative path under the data root, never outside it, whatever
// a damaged or hand-edited database holds.
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileUnder } from '../../../../../src/main/data/store/projectStore';

const root = join(sep, 'data', 'pets');

describe('fileUnder', () => {
  it('joins relative paths under the root, unicode and spaces included', () => {
    expect(fileUnder(root, 'cat/a.jpg')).toBe(join(root, 'cat', 'a.jpg'));
    expect(fileUnder(root, 'chats tigrés/ça été.png')).toBe(join(root, 'chats tigrés', 'ça été.png'));
    expect(fileUnder(root, 'a.jpg')).toBe(join(root, 'a.jpg'));
    expect(fileUnder(`${root}${sep}`, 'a.jpg')).toBe(join(root, 'a.jpg'));
    // Dots inside a name are just a name.
    expect(fileUnder(root, '..hidden/...jpg')).toBe(join(root, '..hidden', '...jpg'));
  });

  it('refuses paths that could leave the root', () => {
    for (const path of [
      '../x.jpg',
      'cat/../../x.jpg',
      '/etc/passwd',
      '',
      'cat//a.jpg',
      './a.jpg',
      'cat/',
      'a/./b',
    ]) {
      expect(fileUnder(root, path), path).toBeUndefined();
    }
  });
});
