// Path words for the UI. The service runs on another machine in web mode, so paths are plain strings
// in its style (POSIX or Windows); these helpers only split and join them, they never touch a disk.

/** The separator a path uses: a backslash for Windows-looking paths, else a slash. */
export function separatorOf(path: string): '/' | '\\' {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

function trimTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 1 && (path[end - 1] === '/' || path[end - 1] === '\\')) end--;
  // Keep a Windows drive root ("C:\") whole.
  if (/^[A-Za-z]:$/.test(path.slice(0, end))) return path.slice(0, end) + (path[end] ?? '');
  return path.slice(0, end);
}

/** The last part of a path: "cats/tabby 1.jpg" → "tabby 1.jpg". */
export function baseName(path: string): string {
  const trimmed = trimTrailingSeparators(path);
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut === -1 ? trimmed : trimmed.slice(cut + 1) || trimmed;
}

export function joinPath(dir: string, name: string): string {
  const sep = separatorOf(dir);
  const trimmed = trimTrailingSeparators(dir);
  return trimmed.endsWith('/') || trimmed.endsWith('\\') ? `${trimmed}${name}` : `${trimmed}${sep}${name}`;
}

/** Where a new project for `folder` goes by default: `<folder>.deskfit` beside it. */
export function defaultProjectDir(folder: string): string {
  return `${trimTrailingSeparators(folder.trim())}.deskfit`;
}

export interface Crumb {
  name: string;
  path: string;
}

/** "/home/ana/pets" → "/", "home", "ana", "pets" with the path of each; Windows drives too. */
export function breadcrumbs(dir: string): Crumb[] {
  const sep = separatorOf(dir);
  const crumbs: Crumb[] = [];
  let rest = dir;
  let prefix = '';
  const drive = /^([A-Za-z]:)[\\/]?/.exec(dir);
  if (drive !== null && drive[1] !== undefined) {
    prefix = `${drive[1]}${sep}`;
    crumbs.push({ name: prefix, path: prefix });
    rest = dir.slice(drive[0].length);
  } else if (dir.startsWith('\\\\')) {
    // A UNC share: \\server\share is the root.
    const parts = dir.slice(2).split('\\');
    prefix = `\\\\${parts.slice(0, 2).join('\\')}`;
    crumbs.push({ name: prefix, path: prefix });
    rest = parts.slice(2).join('\\');
    prefix += '\\';
  } else if (dir.startsWith('/')) {
    prefix = '/';
    crumbs.push({ name: '/', path: '/' });
    rest = dir.slice(1);
  }
  let path = prefix;
  for (const part of rest.split(/[\\/]/)) {
    if (part === '') continue;
    path = path === '' || path.endsWith(sep) ? `${path}${part}` : `${path}${sep}${part}`;
    crumbs.push({ name: part, path });
  }
  return crumbs;
}
