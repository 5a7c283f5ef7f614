/**
 * The channel names alone, with no schema library attached, for the sandboxed preload (which must
 * stay tiny). A unit test checks these lists equal the keys of the contract's maps.
 */
export const requestChannels = [
  'app:info',
  'backend:doctor',
  'jobs:start',
  'jobs:cancel',
  'jobs:list',
  'projects:create',
  'projects:open',
  'projects:current',
  'projects:recent',
  'preferences:get',
  'preferences:save',
  'projects:rename',
  'projects:close',
  'fs:list',
  'fs:pickFolder',
  'dataset:scan',
  'dataset:import',
  'dataset:cancelImport',
  'dataset:stats',
  'items:query',
  'items:ids',
  'items:get',
  'items:stageIds',
  'items:setSplit',
  'items:exclude',
  'labels:assign',
  'labels:exportCsv',
  'labels:importCsv',
  'classes:add',
  'classes:rename',
  'classes:merge',
  'classes:delete',
  'runs:list',
  'runs:get',
  'runs:interpretation',
  'models:export',
  'training:settings',
  'training:saveSettings',
  'edits:undo',
  'edits:redo',
] as const;
export const eventChannels = [
  'jobs:progress',
  'jobs:done',
  'jobs:failed',
  'dataset:importProgress',
  'dataset:importDone',
  'dataset:importFailed',
  'project:changed',
  'thumbnails:progress',
  'files:refreshProgress',
] as const;

/** The name under which the preload exposes the API in the renderer's main world. */
export const apiGlobalName = 'api';
/** The Electron IPC channel that carries contract events from main to the renderer. */
export const eventIpcChannel = 'deskfit:event';
