// The project's current record of an item (file name, labels now, excluded), for a card that only
// knows the item's id. Asked once per card; a failure just leaves the card without a name.
import { useEffect, useState } from 'react';
import type { Item } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';

export function useItemDetails(itemId: number): Item | null {
  const api = useApi();
  const [item, setItem] = useState<{ id: number; item: Item } | null>(null);
  useEffect(() => {
    let live = true;
    api.invoke('items:get', { id: itemId }).then(
      (found) => {
        if (live) setItem({ id: itemId, item: found });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, itemId]);
  return item !== null && item.id === itemId ? item.item : null;
}
