// The model and schedule settings with fastai's defaults, one line of explanation each, the advanced
// one-cycle knobs folded away, and the schedule those settings give, drawn before anything trains.
import { useApi } from '../../api/ApiContext';
import {
  rememberTrainForm,
  selectStats,
  selectTrainForm,
  selectTrainingBusy,
  useDeskfitStore,
} from '../../store';
import { defaultTrainForm, withFineTune, type TrainForm } from '../../store/trainForm';
import type { OneCycle } from '../../../../shared/training';
import { CheckField, NumberField, SelectField, TextField } from './fields';
import { SchedulePreviewChart } from './SchedulePreviewChart';
import { formatLr, parseLr } from './format';
import { fineTuneDefaults } from './schedulePreview';
import { archHelp, archOptions, help, optimizerHelp, optimizerOptions } from './trainHelp';

/** Applies a change to the form in the store (read fresh, so quick edits never undo each other). */
export function updateTrainForm(patch: Partial<TrainForm> | ((form: TrainForm) => TrainForm)): void {
  const { form } = useDeskfitStore.getState().train;
  const next = typeof patch === 'function' ? patch(form) : { ...form, ...patch };
  useDeskfitStore.getState().trainFormChanged(next);
}

export function SettingsPanel() {
  const api = useApi();
  const form = useDeskfitStore(selectTrainForm);
  const stats = useDeskfitStore(selectStats);
  const locked = useDeskfitStore(selectTrainingBusy);
  const set = updateTrainForm;
  const setCycle = (patch: Partial<OneCycle>) =>
    set((f) => ({ ...f, oneCycle: { ...f.oneCycle, ...patch } }));
  const setMom = (index: 0 | 1 | 2, value: number | undefined) =>
    set((f) => {
      if (value === undefined) return f;
      const moms = [...f.oneCycle.moms] as [number, number, number];
      moms[index] = value;
      return { ...f, oneCycle: { ...f.oneCycle, moms } };
    });
  const trainCount =
    stats === null ? 0 : stats.bySplit.train > 0 ? stats.bySplit.train : Math.round(stats.usable * 0.8);
  const batchesPerEpoch = trainCount > 0 ? Math.ceil(trainCount / form.batchSize) : undefined;

  return (
    <section className="panel" aria-labelledby="train-settings-heading">
      <div className="panel-head">
        <h2 id="train-settings-heading">Model and schedule</h2>
        <button
          type="button"
          className="button small"
          disabled={locked}
          onClick={() => {
            useDeskfitStore.getState().trainFormChanged({ ...defaultTrainForm, lr: form.lr });
            void rememberTrainForm(api);
          }}
        >
          Reset to fastai defaults
        </button>
      </div>
      <fieldset className="settings-grid" disabled={locked} onBlur={() => void rememberTrainForm(api)}>
        <legend className="visually-hidden">Training settings</legend>
        <SelectField
          label="Architecture"
          value={form.arch}
          options={archOptions}
          help={form.body !== undefined ? 'Replaced by the custom body below.' : archHelp[form.arch]}
          disabled={form.body !== undefined}
          testId="arch-select"
          onChange={(arch) =>
            set((f) => ({
              ...f,
              arch,
              ...(arch === 'mobilenetv2' ? { pretrained: f.pretrained ?? true } : {}),
            }))
          }
        />
        <NumberField
          label="Image size (px)"
          value={form.size}
          min={16}
          max={512}
          integer
          help={help.size}
          onChange={(size) => size !== undefined && set({ size })}
        />
        <NumberField
          label="Batch size"
          value={form.batchSize}
          min={1}
          max={1024}
          integer
          help={help.batchSize}
          onChange={(batchSize) => batchSize !== undefined && set({ batchSize })}
        />
        <NumberField
          label="Epochs"
          value={form.epochs}
          min={1}
          max={1000}
          integer
          help={help.epochs}
          testId="epochs-input"
          onChange={(epochs) => epochs !== undefined && set({ epochs })}
        />
        <SelectField
          label="Optimizer"
          value={form.optimizer}
          options={optimizerOptions}
          help={optimizerHelp[form.optimizer]}
          onChange={(optimizer) => set({ optimizer })}
        />
        <NumberField
          label="Weight decay"
          value={form.wd}
          min={0}
          max={1}
          help={help.wd}
          onChange={(wd) => wd !== undefined && set({ wd })}
        />
        <NumberField
          label="Label smoothing (ε)"
          value={form.labelSmoothing}
          min={0}
          max={1}
          help={help.labelSmoothing}
          onChange={(labelSmoothing) => labelSmoothing !== undefined && set({ labelSmoothing })}
        />
        <NumberField
          label="Discriminative LR (÷ N for the body)"
          value={form.lrMult}
          optional
          min={1}
          max={1e6}
          placeholder={`${form.fineTune ? fineTuneDefaults.lrMult : 1} (default)`}
          help={help.lrMult}
          onChange={(lrMult) =>
            set((f) => {
              const next = { ...f };
              if (lrMult === undefined) delete next.lrMult;
              else next.lrMult = lrMult;
              return next;
            })
          }
        />
        <TextField
          label="Custom body (optional)"
          value={form.body}
          placeholder="path/to/model.json or its folder"
          help="Any TF.js Layers model on this machine: its body, cut before the last pooling layer, replaces the architecture's, under fastai's head."
          testId="body-path"
          onChange={(body) =>
            set((f) => {
              const next = { ...f };
              if (body === undefined) delete next.body;
              else next.body = body;
              return next;
            })
          }
        />
        <div className="settings-checks">
          <CheckField
            label="Augment training images"
            checked={form.augment}
            help={help.augment}
            onChange={(augment) => set({ augment })}
          />
          <CheckField
            label="Fine-tune (freeze, then unfreeze)"
            checked={form.fineTune}
            help={help.fineTune}
            testId="fine-tune"
            onChange={(on) => set((f) => withFineTune(f, on))}
          />
          {(form.arch === 'mobilenetv2' || form.body !== undefined) && (
            <CheckField
              label="Pretrained weights"
              checked={form.pretrained ?? true}
              help={help.pretrained}
              onChange={(pretrained) => set({ pretrained })}
            />
          )}
        </div>
        {form.fineTune && (
          <NumberField
            label="Frozen epochs"
            value={form.freezeEpochs}
            min={0}
            max={100}
            integer
            help={help.freezeEpochs}
            onChange={(freezeEpochs) => freezeEpochs !== undefined && set({ freezeEpochs })}
          />
        )}
      </fieldset>
      <details className="advanced">
        <summary>Advanced: one-cycle schedule and seed</summary>
        <fieldset className="settings-grid" disabled={locked} onBlur={() => void rememberTrainForm(api)}>
          <legend className="visually-hidden">One-cycle schedule</legend>
          <NumberField
            label="Warm-up share (pctStart)"
            value={form.oneCycle.pctStart}
            min={0}
            max={1}
            help={help.pctStart}
            onChange={(pctStart) => pctStart !== undefined && setCycle({ pctStart })}
          />
          <NumberField
            label="Start divisor (div)"
            value={form.oneCycle.div}
            min={1}
            max={1e6}
            help={help.div}
            onChange={(div) => div !== undefined && setCycle({ div })}
          />
          <NumberField
            label="Final divisor (divFinal)"
            value={form.oneCycle.divFinal}
            min={1}
            max={1e9}
            format={formatLr}
            parse={parseLr}
            help={help.divFinal}
            onChange={(divFinal) => divFinal !== undefined && setCycle({ divFinal })}
          />
          <NumberField
            label="Momentum at start"
            value={form.oneCycle.moms[0]}
            min={0}
            max={0.999}
            help={help.moms}
            onChange={(v) => setMom(0, v)}
          />
          <NumberField
            label="Momentum at peak LR"
            value={form.oneCycle.moms[1]}
            min={0}
            max={0.999}
            onChange={(v) => setMom(1, v)}
          />
          <NumberField
            label="Momentum at end"
            value={form.oneCycle.moms[2]}
            min={0}
            max={0.999}
            onChange={(v) => setMom(2, v)}
          />
          <NumberField
            label="Seed"
            value={form.seed}
            min={0}
            integer
            help={help.seed}
            onChange={(seed) => seed !== undefined && set({ seed })}
          />
        </fieldset>
        {form.fineTune && (
          <p className="muted small-text">
            With fine-tune, the warm-up share and start divisor shape the unfrozen phase (fastai’s defaults
            0.3 and 5); the frozen phase warms up over 99% of its epochs, as fastai’s fine_tune does.
          </p>
        )}
      </details>
      <SchedulePreviewChart form={form} batchesPerEpoch={batchesPerEpoch} />
    </section>
  );
}
