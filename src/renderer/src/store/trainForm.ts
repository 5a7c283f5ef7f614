/**
 * The Train page's settings as a TrainParams with fastai's defaults, read back from what the project
 * remembered (`training:settings`) one field at a time, so a field an older or newer deskfit wrote that no
 * longer validates falls back to its default instead of losing the rest.
 */
import { TrainParamsSchema, type LrFindParams, type TrainParams } from '../../../shared/contract';
import type { OneCycle } from '../../../shared/training';

/** Settings the page edits: every TrainParam but the per-run ones. */
export type TrainForm = Omit<TrainParams, 'resumeRunId' | 'augmentation'>;

export const defaultTrainForm: TrainForm = TrainParamsSchema.parse({});

/** fit_one_cycle's and fine_tune's own warm-up shares and divisors (fastai). */
export const fitOneCycleShape = { pctStart: 0.25, div: 25 } as const;
export const fineTuneShape = { pctStart: 0.3, div: 5 } as const;

const perRunKeys = new Set(['resumeRunId', 'augmentation']);

export function formFromSaved(saved: Record<string, unknown> | null | undefined): TrainForm {
  let form: TrainForm = defaultTrainForm;
  if (saved === null || saved === undefined) return form;
  for (const [key, value] of Object.entries(saved)) {
    if (perRunKeys.has(key)) continue;
    const parsed = TrainParamsSchema.safeParse({ ...form, [key]: value });
    if (parsed.success) {
      const { resumeRunId: _r, augmentation: _a, ...rest } = parsed.data;
      form = rest;
    }
  }
  return form;
}

/** The form as the `training:saveSettings` record stores it (undefined fields left out). */
export function formToSaved(form: TrainForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Turning fine-tune on or off swaps the one-cycle warm-up share and divisor between fastai's two
 * recipes, unless the user changed them from the recipe they leave.
 */
export function withFineTune(form: TrainForm, fineTune: boolean): TrainForm {
  if (form.fineTune === fineTune) return form;
  const from = fineTune ? fitOneCycleShape : fineTuneShape;
  const to = fineTune ? fineTuneShape : fitOneCycleShape;
  const untouched = form.oneCycle.pctStart === from.pctStart && form.oneCycle.div === from.div;
  const oneCycle: OneCycle = untouched ? { ...form.oneCycle, ...to } : form.oneCycle;
  return { ...form, fineTune, oneCycle };
}

/** The params of a train job started from the form. */
export function trainParamsFrom(
  form: TrainForm,
  extra: Partial<Pick<TrainParams, 'resumeRunId'>> = {},
): TrainParams {
  const params = { ...form, ...extra } as TrainParams;
  if (params.body !== undefined) params.body = params.body.trim();
  if (!params.body) delete params.body;
  // Pretrained weights exist for mobilenetv2 and for a custom body (its own weights).
  if (params.pretrained !== undefined && params.arch !== 'mobilenetv2' && params.body === undefined) {
    delete params.pretrained;
  }
  if (params.lrMult === undefined) delete params.lrMult;
  if (params.width === undefined) delete params.width;
  return params;
}

export interface SweepRange {
  start: number;
  end: number;
  numIt: number;
}

export const defaultSweep: SweepRange = { start: 1e-7, end: 10, numIt: 100 };

/** The LR finder runs the model the form describes, over the sweep range. */
export function lrFindParamsFrom(form: TrainForm, sweep: SweepRange): LrFindParams {
  const params: LrFindParams = {
    arch: form.arch,
    size: form.size,
    batchSize: form.batchSize,
    seed: form.seed,
    start: sweep.start,
    end: sweep.end,
    numIt: sweep.numIt,
  };
  if (form.width !== undefined) params.width = form.width;
  const body = form.body?.trim();
  if (body) params.body = body;
  if (form.pretrained !== undefined && (form.arch === 'mobilenetv2' || body))
    params.pretrained = form.pretrained;
  return params;
}

/** A run record's params as a form (for Resume and for comparing runs). */
export function paramsFromRecord(params: Record<string, unknown>): TrainForm {
  return formFromSaved(params);
}
