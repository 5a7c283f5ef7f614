/**
 * The optimizer names a user picks (contract's `optimizerNames`) as what the Learner builds: which
 * update rule, and whether one-cycle's momentum schedule drives it. fastai's plain SGD and RMSProp
 * have no momentum (their `mom` hyper-parameter is scheduled but unused); `sgd-momentum` is SGD whose
 * momentum follows the one-cycle moms; for Adam(W) the scheduled momentum is β₁.
 */
import type { OptimizerName } from '../../../shared/training';
import type { OptimizerKind } from './optimizerState';

export interface OptimizerChoice {
  kind: OptimizerKind;
  /** false: momentum is held at 0 whatever the schedule says. */
  scheduledMomentum: boolean;
}

export function optimizerChoice(name: OptimizerName | OptimizerKind): OptimizerChoice {
  switch (name) {
    case 'adamw':
    case 'adam':
      return { kind: name, scheduledMomentum: true };
    case 'sgd-momentum':
      return { kind: 'sgd', scheduledMomentum: true };
    case 'sgd':
    case 'rmsprop':
      return { kind: name, scheduledMomentum: false };
  }
}
