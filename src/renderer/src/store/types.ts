// The whole store's shape: one interface per slice, joined.
import type { AppSlice } from './appSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { JobsSlice } from './jobsSlice';
import type { NavigationSlice } from './navigationSlice';

export type DeskfitState = NavigationSlice & ConnectionSlice & AppSlice & JobsSlice;
