// @vitest-environment node
// The theme follows the OS: every colour token has a dark value, and no stylesheet uses a token that
// is not defined (a typo there renders as the browser default, often unreadable in one scheme).
import { describe, expect, it } from 'vitest';

// The stylesheets are read from disk: Vitest hands CSS imports to tests as empty strings, and this
// project's renderer tests take no Node imports, so Node's fs comes from `process` (Vitest runs on
// Node), typed here by what the test uses.
declare const process: {
  getBuiltinModule(id: 'node:fs'): {
    readFileSync(path: URL, encoding: 'utf8'): string;
    readdirSync(path: URL, options: { recursive: true }): string[];
  };
};
const fs = process.getBuiltinModule('node:fs');
const rendererDir = new URL('../../../src/renderer/src/', import.meta.url);
const sheets: Record<string, string> = Object.fromEntries(
  fs
    .readdirSync(rendererDir, { recursive: true })
    .filter((path) => path.endsWith('.css'))
    .map((path) => [path.replaceAll('\\', '/'), fs.readFileSync(new URL(path, rendererDir), 'utf8')]),
);
const globalCss = sheets['styles/global.css'] ?? '';

/** The text of every `@media (prefers-color-scheme: dark) { … }` block, and the rest. */
function splitSchemes(css: string): { light: string; dark: string } {
  let light = '';
  let dark = '';
  let rest = css;
  for (;;) {
    const start = rest.indexOf('@media (prefers-color-scheme: dark)');
    if (start === -1) break;
    light += rest.slice(0, start);
    let depth = 0;
    let i = rest.indexOf('{', start);
    const open = i;
    for (; i < rest.length; i++) {
      if (rest[i] === '{') depth++;
      else if (rest[i] === '}' && --depth === 0) break;
    }
    dark += rest.slice(open + 1, i);
    rest = rest.slice(i + 1);
  }
  return { light: light + rest, dark };
}

const definitions = (css: string) => new Set([...css.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]!));
const colourTokens = (css: string) =>
  new Set([...css.matchAll(/(--[\w-]+)\s*:\s*(#[0-9a-f]{3,8}|rgb\([^)]*\))\s*;/gi)].map((m) => m[1]!));

describe('theme', () => {
  it('lets the OS choose light or dark', () => {
    expect(globalCss).toMatch(/color-scheme:\s*light dark/);
    expect(globalCss).toContain('@media (prefers-color-scheme: dark)');
  });

  it('gives every colour token a dark value', () => {
    const { light, dark } = splitSchemes(globalCss);
    const darkDefined = definitions(dark);
    const missing = [...colourTokens(light)].filter((token) => !darkDefined.has(token));
    expect(missing).toEqual([]);
  });

  it('defines every token a stylesheet uses', () => {
    expect(Object.keys(sheets).length).toBeGreaterThan(5);
    const defined = definitions(Object.values(sheets).join('\n'));
    const undefinedUses = Object.entries(sheets).flatMap(([file, css]) =>
      [...css.matchAll(/var\((--[\w-]+)\s*[,)]/g)]
        .map((m) => m[1]!)
        .filter((name) => !defined.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(undefinedUses).toEqual([]);
  });

  it('has data colours for charts, heat maps and bars', () => {
    const { light, dark } = splitSchemes(globalCss);
    for (const token of [
      '--chart-1',
      '--chart-2',
      '--chart-grid',
      '--chart-text',
      '--heat-right',
      '--heat-wrong',
      '--bar',
    ]) {
      expect(definitions(light).has(token), token).toBe(true);
      expect(definitions(dark).has(token), token).toBe(true);
    }
  });
});
