// Relabel and exclude from the Interpret page's cards and large view: what a card shows as the
// image's label now, and one handler for the edit keys (1–9, 0, X).
import { useApi } from '../../api/ApiContext';
import {
  relabelReviewItem,
  selectClassNames,
  setReviewItemExcluded,
  useDeskfitStore,
  type ItemMark,
} from '../../store';
import type { ReviewEntry } from './interpretMath';
import type { ReviewKey } from './reviewKeys';

/** The image's label now: an edit made here, else the project's (when read), else the run's. */
export function currentLabelOf(
  entry: ReviewEntry,
  mark: ItemMark | undefined,
  labels: string[] | null,
): string | null {
  if (mark?.label !== undefined) return mark.label;
  if (labels !== null) return labels[0] ?? null;
  return entry.actual;
}

export function useReviewEdit(): (itemId: number, key: ReviewKey, excluded: boolean) => void {
  const api = useApi();
  const classes = useDeskfitStore(selectClassNames);
  return (itemId, key, excluded) => {
    if (key.type === 'label') {
      const name = classes[key.classIndex];
      if (name === undefined) {
        useDeskfitStore.getState().reviewEditFailed(itemId, {
          code: 'BAD_REQUEST',
          message:
            classes.length === 0
              ? 'This project has no classes yet: add them on the Label page.'
              : `No class has the key ${key.classIndex + 1}: there ${classes.length === 1 ? 'is 1 class' : `are ${classes.length} classes`}.`,
        });
        return;
      }
      void relabelReviewItem(api, itemId, name);
    } else if (key.type === 'clearLabel') {
      void relabelReviewItem(api, itemId, null);
    } else if (key.type === 'exclude') {
      void setReviewItemExcluded(api, itemId, !excluded);
    }
  };
}
