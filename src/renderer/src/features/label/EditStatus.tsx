// Undo/Redo and the edit status: "Saving…" while an edit awaits its reply, then what was done.
import { useApi } from '../../api/ApiContext';
import {
  redoEdit,
  selectCanRedo,
  selectCanUndo,
  selectLastEdit,
  selectPendingEdits,
  undoEdit,
  useDeskfitStore,
} from '../../store';

export function EditStatus() {
  const api = useApi();
  const pending = useDeskfitStore(selectPendingEdits);
  const lastEdit = useDeskfitStore(selectLastEdit);
  const canUndo = useDeskfitStore(selectCanUndo);
  const canRedo = useDeskfitStore(selectCanRedo);
  return (
    <div className="edit-status">
      <p role="status" className={pending > 0 ? 'edit-line saving' : 'edit-line'} data-testid="edit-status">
        {pending > 0 ? 'Saving…' : (lastEdit ?? '')}
      </p>
      <button
        type="button"
        className="button small"
        disabled={!canUndo}
        aria-keyshortcuts="Control+Z Meta+Z"
        title="Undo (Ctrl+Z)"
        onClick={() => void undoEdit(api)}
      >
        Undo
      </button>
      <button
        type="button"
        className="button small"
        disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        title="Redo (Ctrl+Shift+Z)"
        onClick={() => void redoEdit(api)}
      >
        Redo
      </button>
    </div>
  );
}
