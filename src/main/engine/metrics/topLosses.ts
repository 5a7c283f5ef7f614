/**
 * The items the model got most wrong (fastai's `top_losses`), carried with their item ids so the UI can
 * open each image and relabel it — the quickest way to find label noise.
 */
import { badMetricInput } from './predictionRows';

export interface TopLoss<Id> {
  itemId: Id;
  loss: number;
  /** Position in the input arrays. */
  index: number;
}

/**
 * The `k` largest losses, largest first (all of them if `k` is omitted or larger). A NaN loss ranks above
 * every number: it is the most suspicious item. Equal losses keep input order.
 */
export function topLosses<Id>(losses: ArrayLike<number>, itemIds: readonly Id[], k?: number): TopLoss<Id>[] {
  if (losses.length !== itemIds.length) {
    throw badMetricInput(
      `top losses: ${losses.length} losses but ${itemIds.length} item ids; pass one per item.`,
    );
  }
  if (k !== undefined && !(Number.isInteger(k) && k >= 0)) {
    throw badMetricInput(`top losses: k is ${k}, expected a whole number ≥ 0.`);
  }
  const all = Array.from(itemIds, (itemId, index) => ({ itemId, loss: losses[index] ?? Number.NaN, index }));
  all.sort((a, b) => {
    const aNaN = Number.isNaN(a.loss);
    const bNaN = Number.isNaN(b.loss);
    if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? -1 : 1;
    return a.loss === b.loss ? 0 : b.loss > a.loss ? 1 : -1;
  });
  return all.slice(0, k ?? all.length);
}
