/**
 * Public face of the models folder: the registry, the DeskfitModel seam and the layers an exported
 * model may contain, so the Learner and the exporter import from one place.
 */
export { createModel, customBody, type CustomBodyOptions } from './createModel';
export { FastBatchNorm } from './fastBatchNorm';
export { fsModelHandler } from './fsModelHandler';
export { nsfwMobileNetV2Handler } from './nsfwMobileNet';
export { SeededDropout } from './seededDropout';
export * from './types';
