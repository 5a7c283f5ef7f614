// An item's thumbnail on a result card (Interpret's review grid, Export's predictions): "no preview"
// when there is no item to show or its thumbnail fails to load.
import { useState } from 'react';
import { mediaPaths } from '../../../../shared/dataset';

export function ItemThumb({ itemId }: { itemId: number | undefined }) {
  const [failed, setFailed] = useState(false);
  if (itemId === undefined || failed) {
    return (
      <span className="review-img review-img-missing" aria-hidden="true">
        no preview
      </span>
    );
  }
  return (
    <img
      className="review-img"
      src={mediaPaths.thumbnail(itemId)}
      alt=""
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}
