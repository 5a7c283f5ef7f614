// The project's current record of an item (file name, labels now, excluded), for a card that only
// knows the item's id. Asked once per card; a failure just leaves the card without a name.
import { useEffect, useState } from 'react';
import type { Item } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';

export function useItemDetails(itemId: number): Item | null {
  return useItemDetailsState(itemId).item;
}

/** The item once known, and whether the question is settled (answered or failed). */
export function useItemDetailsState(itemId: number): { item: Item | null; settled: boolean } {
  const api = useApi();
  const [state, setState] = useState<{ id: number; item: Item | null } | null>(null);
  useEffect(() => {
    let live = true;
    api.invoke('items:get', { id: itemId }).then(
      (found) => {
        if (live) setState({ id: itemId, item: found });
      },
      () => {
        if (live) setState({ id: itemId, item: null });
      },
    );
    return () => {
      live = false;
    };
  }, [api, itemId]);
  return state !== null && state.id === itemId
    ? { item: state.item, settled: true }
    : { item: null, settled: false };
}
