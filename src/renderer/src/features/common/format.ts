// Numbers and words shared by the Datasets and Label pages.
import type { Layout } from '../../../../shared/dataset';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 image", "1,204 images". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export const layoutWords: Record<Layout, string> = {
  'folder-per-class': 'One folder per class',
  'train-valid-folders': 'train/ and valid/ folders',
  csv: 'Labels from a CSV',
  unlabeled: 'No labels yet',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}
