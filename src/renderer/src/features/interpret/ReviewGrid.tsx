// Image cards to review: the top losses, or the images of a confusion cell. Each shows the thumbnail,
// what the model predicted and the label it was checked against, the loss and the probability (as
// fastai's plot_top_losses does), and lets the user fix the label (picker or number keys) or exclude
// the image. Edits go through `labels:assign` / `items:exclude`; an edited card stays marked.
import { useRef, useState, type KeyboardEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  relabelReviewItem,
  selectClassNames,
  setReviewItemExcluded,
  useDeskfitStore,
  type ItemMark,
} from '../../store';
import { currentLabelOf, useReviewEdit } from './reviewEdits';
import { isTypingTarget } from '../common/typingTarget';
import { ItemThumb } from '../common/ItemThumb';
import { baseName } from '../common/paths';
import { formatLossValue, formatPercent, type ReviewEntry } from './interpretMath';
import { ReviewViewer } from './ReviewViewer';
import { reviewKeyAction, reviewMoveTarget } from './reviewKeys';
import { useItemDetailsState } from './useItemDetails';

/** Words for what an edit did, shown on the card. */
function markWords(mark: ItemMark): string {
  const parts: string[] = [];
  if (mark.label !== undefined)
    parts.push(mark.label === null ? 'label cleared' : `relabelled ${mark.label}`);
  if (mark.excluded !== undefined) parts.push(mark.excluded ? 'excluded' : 'included');
  return parts.join(' · ');
}

function ReviewCard({
  entry,
  active,
  testId,
  onFocusCard,
  onOpen,
}: {
  entry: ReviewEntry;
  active: boolean;
  testId: string;
  onFocusCard(): void;
  onOpen(): void;
}) {
  const api = useApi();
  const classes = useDeskfitStore(selectClassNames);
  const mark = useDeskfitStore((s) => s.interpret.marks[entry.itemId]);
  const pending = useDeskfitStore((s) => s.interpret.pending[entry.itemId] === true);
  const { item, settled } = useItemDetailsState(entry.itemId);
  const name = item !== null ? baseName(item.path) : `Image ${entry.itemId}`;
  const label = currentLabelOf(entry, mark, item?.labels ?? null);
  const excluded = mark?.excluded ?? item?.excluded ?? false;
  const options = label !== null && !classes.includes(label) ? [...classes, label] : classes;
  const wrong = entry.predicted !== entry.actual;
  const changedElsewhere = mark === undefined && item !== null && label !== entry.actual;
  const className = ['review-card', mark !== undefined ? 'edited' : '', excluded ? 'excluded' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <li
      className={className}
      data-testid={testId}
      data-item-id={entry.itemId}
      data-edited={mark !== undefined ? 'true' : undefined}
      tabIndex={active ? 0 : -1}
      aria-label={`${name}: predicted ${entry.predicted}, labelled ${label ?? 'unlabeled'}`}
      aria-busy={pending || undefined}
      title={item?.path}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusCard();
      }}
      onClick={onFocusCard}
      onDoubleClick={onOpen}
    >
      <span className="review-thumb">
        <ItemThumb itemId={entry.itemId} version={item?.hash} waiting={!settled} />
        {mark !== undefined && (
          <span className="review-badge review-edited" data-testid="edited-badge">
            {markWords(mark)}
          </span>
        )}
        {mark === undefined && excluded && <span className="review-badge review-excluded">excluded</span>}
      </span>
      <span className="review-name" title={name}>
        {name}
      </span>
      <span className="review-verdict">
        <span className={wrong ? 'review-predicted wrong' : 'review-predicted'}>{entry.predicted}</span>
        <span className="muted"> / </span>
        <span className="review-actual">{entry.actual}</span>
      </span>
      <span className="review-numbers muted">
        loss {formatLossValue(entry.loss)} · {formatPercent(entry.probability)}
      </span>
      {changedElsewhere && <span className="review-now small-text">now: {label ?? 'unlabeled'}</span>}
      <span className="review-controls">
        <select
          className="review-select"
          aria-label={`Label of ${name}`}
          data-testid="relabel-select"
          value={label ?? ''}
          disabled={pending}
          onChange={(e) =>
            void relabelReviewItem(api, entry.itemId, e.target.value === '' ? null : e.target.value)
          }
        >
          <option value="">unlabeled</option>
          {options.map((cls, i) => (
            <option key={cls} value={cls}>
              {i < 9 ? `${i + 1} ${cls}` : cls}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button small"
          data-testid="exclude-button"
          aria-pressed={excluded}
          aria-label={excluded ? `Include ${name} again` : `Exclude ${name}`}
          disabled={pending}
          onClick={() => void setReviewItemExcluded(api, entry.itemId, !excluded)}
        >
          {excluded ? 'Include' : 'Exclude'}
        </button>
      </span>
    </li>
  );
}

/** Cards in a row, measured from the layout (1 in a test DOM that lays nothing out). */
function columnsOf(list: HTMLElement | null): number {
  const cards =
    list === null ? [] : [...list.children].filter((c): c is HTMLElement => c instanceof HTMLElement);
  const top = cards[0]?.offsetTop;
  if (top === undefined) return 1;
  const inRow = cards.filter((c) => c.offsetTop === top).length;
  return Math.max(1, inRow);
}

export function ReviewGrid({
  entries,
  label,
  testId,
}: {
  entries: readonly ReviewEntry[];
  /** The list's accessible name ("Top losses"). */
  label: string;
  /** `data-testid` of each card. */
  testId: string;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const edit = useReviewEdit();
  const activeIndex = Math.min(active, Math.max(0, entries.length - 1));

  function focusCard(index: number): void {
    setActive(index);
    const card = listRef.current?.children[index];
    if (card instanceof HTMLElement) card.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>): void {
    if (event.defaultPrevented || isTypingTarget(event.target)) return;
    const target = event.target instanceof HTMLElement ? event.target : null;
    const card = target?.closest<HTMLElement>('[data-item-id]');
    if (card === null || card === undefined) return;
    const index = Number([...(listRef.current?.children ?? [])].indexOf(card));
    const entry = entries[index];
    if (entry === undefined) return;
    const key = reviewKeyAction(event.nativeEvent);
    if (key === null) return;
    // Enter and arrows keep their meaning on the card's own controls.
    if ((key.type === 'open' || key.type === 'move') && target !== card) return;
    event.preventDefault();
    if (key.type === 'move') {
      focusCard(reviewMoveTarget(key.move, index, columnsOf(listRef.current), entries.length));
    } else if (key.type === 'open') {
      setViewing(index);
    } else {
      edit(entry.itemId, key, card.classList.contains('excluded'));
    }
  }

  if (entries.length === 0) return <p className="muted">No images.</p>;
  return (
    <>
      <ul ref={listRef} className="review-grid" aria-label={label} onKeyDown={onKeyDown}>
        {entries.map((entry, index) => (
          <ReviewCard
            key={entry.itemId}
            entry={entry}
            active={index === activeIndex}
            testId={testId}
            onFocusCard={() => setActive(index)}
            onOpen={() => setViewing(index)}
          />
        ))}
      </ul>
      {viewing !== null && entries[viewing] !== undefined && (
        <ReviewViewer
          entries={entries}
          index={viewing}
          onIndex={(index) => {
            setViewing(index);
            setActive(index);
          }}
          onClose={() => {
            const index = viewing;
            setViewing(null);
            focusCard(index);
          }}
        />
      )}
    </>
  );
}
