// An item's thumbnail on a result card (Interpret's review grid, Export's predictions): "no preview"
// when there is no item to show or its thumbnail fails to load. With the item's content hash the
// browser may keep the picture (and an edited file gets a new one); `waiting` holds the request back
// while that hash is on its way, so the picture is not fetched twice.
import { useState } from 'react';
import { mediaPaths } from '../../../../shared/dataset';

export function ItemThumb({
  itemId,
  version,
  waiting = false,
}: {
  itemId: number | undefined;
  version?: string | null | undefined;
  waiting?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  if (waiting && itemId !== undefined && !failed) {
    return <span className="review-img review-img-waiting" aria-hidden="true" />;
  }
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
      src={mediaPaths.thumbnail(itemId, version)}
      alt=""
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}
