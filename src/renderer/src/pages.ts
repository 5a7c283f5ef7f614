/**
 * The app's pages in sidebar order, with what each will do. Pages not built yet show this summary as
 * an honest empty state rather than invented data.
 */
export const pageIds = ['datasets', 'label', 'augment', 'train', 'interpret', 'export', 'settings'] as const;
export type PageId = (typeof pageIds)[number];

export interface PageInfo {
  id: PageId;
  title: string;
  /** One or two sentences: what the page will let the user do. */
  summary: string;
  /** False while the page is still an empty state. */
  available: boolean;
}

export const pages: readonly PageInfo[] = [
  {
    id: 'datasets',
    title: 'Datasets',
    summary:
      'Import a folder of images (one folder per class, train/valid/test folders, or a CSV of labels); ' +
      'deskfit checks every file and lists the corrupt or unreadable ones instead of failing.',
    available: true,
  },
  {
    id: 'label',
    title: 'Label',
    summary:
      'Browse your images as a grid, filter by class, and fix wrong labels with the keyboard; every ' +
      'edit is saved as soon as you make it.',
    available: true,
  },
  {
    id: 'augment',
    title: 'Augment',
    summary:
      'Preview flips, rotation, zoom, lighting and warping on your own images, and tune how strong ' +
      'they are before training.',
    available: true,
  },
  {
    id: 'train',
    title: 'Train',
    summary:
      'Pick a model, click Find LR to choose a learning rate, then train with the one-cycle schedule ' +
      'while loss, metrics and learning-rate charts update live.',
    available: true,
  },
  {
    id: 'interpret',
    title: 'Interpret',
    summary:
      'See the confusion matrix, the most confused classes and the images with the highest loss, ' +
      'and relabel the ones that are wrong.',
    available: true,
  },
  {
    id: 'export',
    title: 'Export',
    summary:
      'Export the trained model as a TensorFlow.js folder with a manifest and a README, and predict ' +
      'labels for new images or a test folder.',
    available: true,
  },
  {
    id: 'settings',
    title: 'Settings',
    summary: 'See which compute backend is live and why, and run a self-test.',
    available: true,
  },
];

export function pageInfo(id: PageId): PageInfo {
  const info = pages.find((p) => p.id === id);
  if (info === undefined) throw new Error(`Unknown page "${id}"`);
  return info;
}
