// The whole store's shape: one interface per slice, joined.
import type { AppSlice } from './appSlice';
import type { AugmentSlice } from './augmentSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { ExportSlice } from './exportSlice';
import type { ImportSlice } from './importSlice';
import type { InterpretSlice } from './interpretSlice';
import type { JobsSlice } from './jobsSlice';
import type { LabelSlice } from './labelSlice';
import type { NavigationSlice } from './navigationSlice';
import type { ProjectSlice } from './projectSlice';
import type { RunsSlice } from './runsSlice';
import type { TrainSlice } from './trainSlice';

export type DeskfitState = NavigationSlice &
  ConnectionSlice &
  AppSlice &
  JobsSlice &
  ProjectSlice &
  ImportSlice &
  LabelSlice &
  InterpretSlice &
  ExportSlice &
  AugmentSlice &
  TrainSlice &
  RunsSlice;
