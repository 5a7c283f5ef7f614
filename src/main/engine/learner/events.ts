/**
 * The closed list of Learner events, in the order fastai fires them, and the typed signals a callback
 * throws to cancel a batch, an epoch or the whole fit (fastai's Cancel*Exception).
 */
export const learnerEvents = [
  'beforeFit',
  'beforeEpoch',
  'beforeTrain',
  'beforeBatch',
  'afterPred',
  'afterLoss',
  'afterBackward',
  'afterStep',
  'afterBatch',
  'afterTrain',
  'beforeValidate',
  'afterValidate',
  'afterEpoch',
  'afterFit',
] as const;
export type LearnerEvent = (typeof learnerEvents)[number];

export class CancelBatch extends Error {
  constructor(reason = 'batch cancelled') {
    super(reason);
    this.name = 'CancelBatch';
  }
}
export class CancelEpoch extends Error {
  constructor(reason = 'epoch cancelled') {
    super(reason);
    this.name = 'CancelEpoch';
  }
}
/** Ends the fit cleanly (afterFit still runs); `reason` says why, for the run record. */
export class CancelFit extends Error {
  constructor(reason = 'fit cancelled') {
    super(reason);
    this.name = 'CancelFit';
  }
}
