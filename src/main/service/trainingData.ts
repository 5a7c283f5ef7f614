/**
 * Resolves the open project into the plain dataset a training job carries to the trainer process:
 * every usable, labelled train/valid item with its file, hash and class index. Unlabeled, test,
 * excluded, missing and problem items stay out, and the counts say how many and why.
 */
import type { DatasetSpec, TrainingItem } from '../engine/data/datasetSpec';
import type { ProjectStoreApi } from '../data/types';
import { DeskfitError } from '../../shared/errors';

export interface TrainingData {
  spec: DatasetSpec;
  left: { unlabeled: number; multiLabel: number; test: number };
}

export function singleLabelDataset(store: ProjectStoreApi): TrainingData {
  const rows: { item: Omit<TrainingItem, 'label'>; split: 'train' | 'valid'; name: string }[] = [];
  const left = { unlabeled: 0, multiLabel: 0, test: 0 };
  const pageSize = 5000;
  for (let offset = 0; ; offset += pageSize) {
    const page = store.query({ problem: false, sort: 'path', descending: false, offset, limit: pageSize });
    for (const item of page.items) {
      const file = store.itemFile(item.id);
      if (item.split === 'test') left.test += 1;
      else if (item.labels.length === 0) left.unlabeled += 1;
      else if (item.labels.length > 1) left.multiLabel += 1;
      else if (item.hash && file) {
        rows.push({ item: { id: item.id, file, hash: item.hash }, split: item.split, name: item.labels[0]! });
      }
    }
    if (offset + pageSize >= page.total) break;
  }
  // Class order follows the project's class list; classes without a usable item are left out.
  const present = new Set(rows.map((row) => row.name));
  const classes = store.classes().filter((name) => present.has(name));
  for (const name of present) if (!classes.includes(name)) classes.push(name);
  const index = new Map(classes.map((name, i) => [name, i]));
  const train: TrainingItem[] = [];
  const valid: TrainingItem[] = [];
  for (const row of rows)
    (row.split === 'train' ? train : valid).push({ ...row.item, label: index.get(row.name)! });

  if (classes.length < 2) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `Training needs at least two classes with labelled images; this project has ${classes.length}. Label more images on the Label page.`,
    );
  }
  if (train.length === 0 || valid.length === 0) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `Training needs labelled images in both train and valid (found ${train.length} and ${valid.length}). Move some images to valid on the Label page, or import again with a validation share.`,
    );
  }
  return { spec: { classes, train, valid, cacheDir: store.cacheDir }, left };
}
