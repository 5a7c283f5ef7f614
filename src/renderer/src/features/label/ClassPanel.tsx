// The classes, always in view: each with its number key, its train/valid counts as a bar (imbalance
// shows at a glance), and rename, merge and delete; then unlabeled/problems/excluded and "Add class".
import { useState, type FormEvent } from 'react';
import { ClassNameSchema, type DatasetStats } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';
import {
  addClass,
  deleteClass,
  mergeClasses,
  renameClass,
  selectPendingEdits,
  selectStats,
  useDeskfitStore,
} from '../../store';
import { formatCount } from '../common/format';
import { Modal } from '../common/Modal';

type ClassEntry = DatasetStats['classes'][number];

/** The first problem with a class name, in words, or null when it is fine. */
export function classNameProblem(name: string, existing: readonly string[], except?: string): string | null {
  const parsed = ClassNameSchema.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'That is not a valid class name.';
  if (parsed.data !== except && existing.includes(parsed.data))
    return except === undefined
      ? `There is already a class named ${parsed.data}.`
      : `There is already a class named ${parsed.data}. To combine the two, tick both and use Merge into….`;
  return null;
}

function ClassRow({
  entry,
  index,
  max,
  chosen,
  onChosen,
  onRename,
  onDelete,
}: {
  entry: ClassEntry;
  index: number;
  max: number;
  chosen: boolean;
  onChosen(chosen: boolean): void;
  onRename(): void;
  onDelete(): void;
}) {
  const { train, valid, test } = entry.counts;
  const scale = (n: number) => `${(n / max) * 100}%`;
  return (
    <li className="class-row" data-testid="class-row" data-class={entry.name}>
      <div className="class-line">
        <input
          type="checkbox"
          className="class-choose"
          aria-label={`Choose ${entry.name}`}
          checked={chosen}
          onChange={(e) => onChosen(e.target.checked)}
        />
        <span className="class-title">
          {index < 9 ? <kbd className="class-key">{index + 1}</kbd> : <span className="class-key none" />}{' '}
          <span className="class-name" title={entry.name}>
            {entry.name}
          </span>
        </span>
        <span className="class-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Rename ${entry.name}`}
            title="Rename"
            onClick={onRename}
          >
            <span aria-hidden="true">✎</span>
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Delete ${entry.name}`}
            title="Delete"
            onClick={onDelete}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </span>
      </div>
      <div className="class-bar" aria-hidden="true">
        <span className="seg seg-train" style={{ width: scale(train) }} />
        <span className="seg seg-valid" style={{ width: scale(valid) }} />
        {test > 0 && <span className="seg seg-test" style={{ width: scale(test) }} />}
      </div>
      <div className="class-split-counts">
        <span className="class-total">{formatCount(entry.total)}</span> · train {formatCount(train)} · valid{' '}
        {formatCount(valid)}
        {test > 0 && ` · test ${formatCount(test)}`}
      </div>
    </li>
  );
}

function RenameRow({
  entry,
  names,
  onDone,
}: {
  entry: ClassEntry;
  names: readonly string[];
  onDone(): void;
}) {
  const api = useApi();
  const [text, setText] = useState(entry.name);
  const [problem, setProblem] = useState<string | null>(null);
  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const to = text.trim();
    if (to === entry.name) return onDone();
    const issue = classNameProblem(to, names, entry.name);
    if (issue !== null) return setProblem(issue);
    if (await renameClass(api, entry.name, to)) onDone();
  }
  return (
    <li className="class-row editing" data-testid="class-row" data-class={entry.name}>
      <form className="inline-form" onSubmit={(e) => void onSubmit(e)}>
        <label className="field grow">
          <span className="visually-hidden">New name for {entry.name}</span>
          <input
            type="text"
            value={text}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') onDone();
            }}
          />
        </label>
        <button type="submit" className="button small primary">
          Save
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
      </form>
      {problem !== null && (
        <p role="alert" className="alert small-text">
          {problem}
        </p>
      )}
    </li>
  );
}

function OtherCounts({ stats }: { stats: DatasetStats }) {
  const rows = [
    ['Unlabeled', stats.unlabeled],
    ['Problems', stats.problems],
    ['Excluded', stats.excluded],
    ['Missing', stats.missing],
  ] as const;
  return (
    <dl className="other-counts" aria-label="Other counts" data-testid="other-counts">
      {rows
        .filter(([name, n]) => n > 0 || name !== 'Missing')
        .map(([name, n]) => (
          <div key={name} className="other-count">
            <dt>{name}</dt>
            <dd>{formatCount(n)}</dd>
          </div>
        ))}
      <div className="other-count total">
        <dt>Total</dt>
        <dd>{formatCount(stats.total)}</dd>
      </div>
    </dl>
  );
}

export function ClassPanel() {
  const api = useApi();
  const stats = useDeskfitStore(selectStats);
  const pending = useDeskfitStore(selectPendingEdits);
  const [newName, setNewName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ClassEntry | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [mergeInto, setMergeInto] = useState<string | null>(null);

  if (stats === null) return null;
  const classes = stats.classes;
  const names = classes.map((c) => c.name);
  const max = Math.max(1, ...classes.map((c) => c.total));
  const chosenNames = names.filter((n) => chosen.has(n));

  async function onAdd(event: FormEvent): Promise<void> {
    event.preventDefault();
    const issue = classNameProblem(newName, names);
    if (issue !== null) return setProblem(issue);
    setProblem(null);
    if (await addClass(api, newName.trim())) setNewName('');
  }

  async function onMerge(event: FormEvent): Promise<void> {
    event.preventDefault();
    const into = (mergeInto ?? '').trim();
    // Into an existing class or a new name: only the name itself must be valid.
    const issue = classNameProblem(into, []);
    if (issue !== null) return setProblem(issue);
    if (chosenNames.filter((n) => n !== into).length === 0) {
      return setProblem(`Choose at least one class other than ${into} to merge into it.`);
    }
    setProblem(null);
    if (await mergeClasses(api, chosenNames, into)) {
      setChosen(new Set());
      setMergeInto(null);
    }
  }

  return (
    <section className="side-section class-panel" aria-labelledby="classes-heading">
      <h2 id="classes-heading">Classes</h2>
      <OtherCounts stats={stats} />
      {classes.length === 0 ? (
        <p className="muted small-text">
          No classes yet. Add one below; keys 1–9 then label with them in order.
        </p>
      ) : (
        <ul className="class-list" aria-label="Classes">
          {classes.map((entry, index) =>
            renaming === entry.name ? (
              <RenameRow key={entry.name} entry={entry} names={names} onDone={() => setRenaming(null)} />
            ) : (
              <ClassRow
                key={entry.name}
                entry={entry}
                index={index}
                max={max}
                chosen={chosen.has(entry.name)}
                onChosen={(on) => {
                  const next = new Set(chosen);
                  if (on) next.add(entry.name);
                  else next.delete(entry.name);
                  setChosen(next);
                }}
                onRename={() => setRenaming(entry.name)}
                onDelete={() => setDeleting(entry)}
              />
            ),
          )}
        </ul>
      )}
      {classes.length > 0 && (
        <p className="legend small-text muted" aria-hidden="true">
          <span className="seg seg-train" /> train <span className="seg seg-valid" /> valid
        </p>
      )}

      {chosenNames.length > 0 &&
        (mergeInto === null ? (
          <div className="merge-row">
            <span className="small-text">{formatCount(chosenNames.length)} chosen</span>
            <button type="button" className="button small" onClick={() => setMergeInto(chosenNames[0] ?? '')}>
              Merge into…
            </button>
            <button type="button" className="button small" onClick={() => setChosen(new Set())}>
              Clear
            </button>
          </div>
        ) : (
          <form className="merge-form" onSubmit={(e) => void onMerge(e)}>
            <label className="field grow">
              <span>Merge {chosenNames.join(', ')} into</span>
              <input
                type="text"
                list="merge-targets"
                value={mergeInto}
                autoFocus
                onChange={(e) => setMergeInto(e.target.value)}
              />
              <datalist id="merge-targets">
                {names.map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
            </label>
            <div className="button-row tight">
              <button type="submit" className="button small primary" disabled={pending > 0}>
                Merge
              </button>
              <button type="button" className="button small" onClick={() => setMergeInto(null)}>
                Cancel
              </button>
            </div>
          </form>
        ))}

      <form className="add-class" onSubmit={(e) => void onAdd(e)}>
        <label className="field grow">
          <span className="visually-hidden">New class</span>
          <input
            type="text"
            placeholder="New class"
            value={newName}
            onChange={(e) => {
              setNewName(e.target.value);
              setProblem(null);
            }}
          />
        </label>
        <button type="submit" className="button small" disabled={newName.trim() === ''}>
          Add class
        </button>
      </form>
      {problem !== null && (
        <p role="alert" className="alert small-text">
          {problem}
        </p>
      )}

      {deleting !== null && (
        <Modal
          role="alertdialog"
          label={`Delete class ${deleting.name}?`}
          className="confirm"
          onClose={() => setDeleting(null)}
        >
          <h2>Delete class {deleting.name}?</h2>
          <p>
            {deleting.total === 0
              ? 'No image has this label.'
              : `${formatCount(deleting.total)} ${deleting.total === 1 ? 'image loses' : 'images lose'} this label and become unlabeled.`}{' '}
            You can undo this.
          </p>
          <div className="modal-actions">
            <button type="button" className="button" data-autofocus onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button danger"
              onClick={() => {
                const name = deleting.name;
                setDeleting(null);
                void deleteClass(api, name);
              }}
            >
              Delete class
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
