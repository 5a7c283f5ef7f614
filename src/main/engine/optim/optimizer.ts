/**
 * The optimizer base: fastai's Optimizer reduced to what deskfit needs. It walks every parameter
 * group, applies weight decay (decoupled or L2) with the group's hyper-parameters, asks the
 * concrete rule (SGD, RMSProp, Adam) for an update direction and writes `p ← p − lr·u`. Per-variable
 * state (moving averages as tf.Variables, step counts) lives here, so checkpointing and disposal are
 * written once. Variables without a gradient this step (frozen layers) are not touched at all.
 */
import * as tf from '@tensorflow/tfjs';
import type { GroupHyper, HyperUpdate, ParamGroup } from './paramGroups';
import {
  checkStateFits,
  slotNames,
  type GroupState,
  type OptimizerKind,
  type OptimizerState,
  type SlotName,
  type VariableState,
} from './optimizerState';

/** Gradients by variable name, as `tf.variableGrads(...).grads` returns them, or a Map. */
export type Gradients = ReadonlyMap<string, tf.Tensor> | tf.NamedTensorMap;

export type ResolvedHyper = Required<GroupHyper>;

/** Per-optimizer defaults for the optional group hyper-parameters. */
export type OptimizerDefaults = Omit<ResolvedHyper, 'lr' | 'wd'>;

/** What a rule sees of one variable's state. */
export interface Slots {
  /** Step count including the current step (1 on the first update). */
  readonly step: number;
  has(name: SlotName): boolean;
  /** The slot's current value, zeros the first time. */
  get(name: SlotName): tf.Tensor;
  set(name: SlotName, value: tf.Tensor): void;
}

interface VarSlots {
  step: number;
  gradAvg?: tf.Variable;
  sqrAvg?: tf.Variable;
}

const SLOT_NAMES = slotNames;

function lookup(grads: Gradients, name: string): tf.Tensor | undefined {
  if (grads instanceof Map) return grads.get(name);
  return Object.prototype.hasOwnProperty.call(grads, name) ? (grads as tf.NamedTensorMap)[name] : undefined;
}

export abstract class Optimizer {
  abstract readonly kind: OptimizerKind;
  private readonly groups: ParamGroup[];
  private readonly slots = new Map<string, VarSlots>();

  protected constructor(
    groups: readonly ParamGroup[],
    private readonly defaults: OptimizerDefaults,
  ) {
    const seen = new Set<string>();
    this.groups = groups.map((g, i) => {
      for (const p of g.params) {
        if (seen.has(p.name)) throw new Error(`variable ${p.name} is in more than one parameter group`);
        seen.add(p.name);
      }
      if (!Number.isFinite(g.lr)) throw new Error(`parameter group ${i}: lr must be a finite number`);
      return { ...g, params: [...g.params] };
    });
  }

  /** The update direction `u` for one variable (the base then applies `p ← p − lr·u`). */
  protected abstract direction(grad: tf.Tensor, slots: Slots, hyper: ResolvedHyper): tf.Tensor;

  get groupCount(): number {
    return this.groups.length;
  }

  /** The group's variables (for freeze/unfreeze bookkeeping and tests). */
  params(groupIndex: number): readonly tf.Variable[] {
    return this.group(groupIndex).params;
  }

  hyper(groupIndex: number): ResolvedHyper {
    const g = this.group(groupIndex);
    return {
      lr: g.lr,
      wd: g.wd,
      mom: g.mom ?? this.defaults.mom,
      sqrMom: g.sqrMom ?? this.defaults.sqrMom,
      eps: g.eps ?? this.defaults.eps,
      decouple: g.decouple ?? this.defaults.decouple,
    };
  }

  /** Sets hyper-parameters of one group (a scheduler calls this before every step). */
  setHyper(groupIndex: number, update: HyperUpdate): void {
    const g = this.group(groupIndex);
    for (const [k, v] of Object.entries(update) as [keyof GroupHyper, number | boolean | undefined][]) {
      if (v === undefined) continue;
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new Error(`setHyper(${groupIndex}): ${k} must be a finite number, got ${v}`);
      }
      Object.assign(g, { [k]: v });
    }
  }

  /** One optimisation step over every variable that has a gradient in `grads` (not disposed here). */
  step(grads: Gradients): void {
    this.groups.forEach((g, i) => {
      const hyper = this.hyper(i);
      for (const p of g.params) {
        const grad = lookup(grads, p.name);
        if (grad === undefined) continue;
        if (!tf.util.arraysEqual(grad.shape, p.shape)) {
          throw new Error(`gradient for ${p.name} has shape [${grad.shape}], the variable [${p.shape}]`);
        }
        this.stepVariable(p, grad, hyper);
      }
    });
  }

  private stepVariable(p: tf.Variable, grad: tf.Tensor, h: ResolvedHyper): void {
    const state = this.slots.get(p.name) ?? { step: 0 };
    this.slots.set(p.name, state);
    state.step += 1;
    const slots: Slots = {
      step: state.step,
      has: (name) => state[name] !== undefined,
      get: (name) => state[name] ?? tf.zerosLike(p),
      set: (name, value) => {
        const slot = state[name];
        if (slot === undefined) state[name] = tf.variable(value, false);
        else slot.assign(value);
      },
    };
    tf.tidy(() => {
      const decay = h.wd !== 0;
      const g = decay && !h.decouple ? tf.add(grad, tf.mul(p, h.wd)) : grad;
      const u = this.direction(g, slots, h);
      const kept = decay && h.decouple ? tf.mul(p, 1 - h.lr * h.wd) : p;
      p.assign(tf.sub(kept, tf.mul(u, h.lr)));
    });
  }

  /** Hyper-parameters, moving averages and step counts as plain arrays (for a JSON checkpoint). */
  async getState(): Promise<OptimizerState> {
    const typed = await this.getTypedState();
    return {
      ...typed,
      vars: typed.vars.map((v) => {
        const out: VariableState = { name: v.name, step: v.step, shape: v.shape };
        for (const name of SLOT_NAMES) {
          const values = v[name];
          if (values !== undefined) out[name] = Array.from(values);
        }
        return out;
      }),
    };
  }

  /** As `getState`, with the moving averages as Float32Arrays (no per-float JS numbers: large models). */
  async getTypedState(): Promise<OptimizerState<Float32Array>> {
    const groups: GroupState[] = this.groups.map((g, i) => ({
      ...this.hyper(i),
      params: g.params.map((p) => p.name),
    }));
    const vars: VariableState<Float32Array>[] = [];
    for (const g of this.groups) {
      for (const p of g.params) {
        const s = this.slots.get(p.name);
        if (s === undefined) continue;
        const v: VariableState<Float32Array> = { name: p.name, step: s.step, shape: [...p.shape] };
        for (const name of SLOT_NAMES) {
          const slot = s[name];
          if (slot !== undefined) v[name] = (await slot.data()) as Float32Array;
        }
        vars.push(v);
      }
    }
    return { kind: this.kind, groups, vars };
  }

  /** Restores a state from `getState` onto the same variables; the next step continues exactly. */
  setState(state: OptimizerState<ArrayLike<number>>): void {
    checkStateFits(
      state,
      this.kind,
      this.groups.map((g) => g.params.map((p) => p.name)),
    );
    const shapes = new Map(this.groups.flatMap((g) => g.params.map((p) => [p.name, p.shape] as const)));
    for (const v of state.vars) {
      const shape = shapes.get(v.name);
      if (shape === undefined || !tf.util.arraysEqual(shape, v.shape)) {
        throw new Error(`optimizer state for ${v.name} does not fit the model's variable`);
      }
    }
    this.disposeSlots();
    state.groups.forEach((g, i) => {
      const { params: _params, ...hyper } = g;
      this.setHyper(i, hyper);
    });
    for (const v of state.vars) {
      const s: VarSlots = { step: v.step };
      for (const name of SLOT_NAMES) {
        const values = v[name];
        if (values !== undefined) {
          const floats = values instanceof Float32Array ? values : Float32Array.from(values);
          s[name] = tf.tidy(() => tf.variable(tf.tensor(floats, v.shape, 'float32'), false));
        }
      }
      this.slots.set(v.name, s);
    }
  }

  /** Frees the moving averages (the parameters belong to the model, not to the optimizer). */
  dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const s of this.slots.values()) {
      for (const name of SLOT_NAMES) s[name]?.dispose();
    }
    this.slots.clear();
  }

  private group(i: number): ParamGroup {
    const g = this.groups[i];
    if (g === undefined)
      throw new Error(`no parameter group ${i} (this optimizer has ${this.groups.length})`);
    return g;
  }
}
