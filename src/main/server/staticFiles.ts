/**
 * Resolves a URL path to a file inside the built renderer folder, refusing anything that would
 * escape it, with the content type to send. Shared by `deskfit serve` and the Electron app protocol.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep, isAbsolute } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The built renderer, beside the built main bundle (`out/renderer` next to `out/main`). */
export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'renderer'), join(here, '..', '..', '..', 'out', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/**
 * Maps a request path to a file under `root`. Unknown paths without an extension fall back to
 * index.html (client-side pages); anything else missing, or outside `root`, is `undefined`.
 */
export function resolveStaticFile(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const rootAbs = resolve(root);
  const wanted = normalize(join(rootAbs, decoded === '/' ? 'index.html' : decoded));
  const rel = relative(rootAbs, wanted);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return undefined;
  if (existsSync(wanted) && statSync(wanted).isFile()) return wanted;
  if (extname(decoded) === '') {
    const index = join(rootAbs, 'index.html');
    return existsSync(index) ? index : undefined;
  }
  return undefined;
}
