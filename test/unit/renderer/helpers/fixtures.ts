// Plausible service replies, shaped by the contract (parsed, so a contract change breaks them loudly).
import {
  AppInfoSchema,
  DoctorReportSchema,
  SelftestResultSchema,
  type AppInfo,
  type DoctorReport,
  type SelftestResult,
} from '../../../../src/shared/contract';
import type { Handlers } from './fakeApi';

export const appInfo: AppInfo = AppInfoSchema.parse({
  name: 'deskfit',
  version: '0.1.0',
  mode: 'web',
  node: '22.12.0',
  platform: 'linux',
  arch: 'x64',
});

export const doctorReport: DoctorReport = DoctorReportSchema.parse({
  backend: 'wasm',
  candidates: [
    {
      name: 'tfjs-node-gpu',
      ok: false,
      reason: 'Cannot find module @tensorflow/tfjs-node-gpu (optional dependency not installed).',
      requires: 'CUDA 11.2 and cuDNN 8.1 on Linux or Windows x64',
    },
    { name: 'tfjs-node', ok: false, reason: 'libtensorflow.so.2: cannot open shared object file.' },
    { name: 'wasm', ok: true, reason: 'Loaded the SIMD wasm binary.' },
    { name: 'cpu', ok: true, reason: 'Not tried: wasm is live and faster.' },
  ],
  tfjsVersion: '4.22.0',
  patchedKernels: ['Conv2DBackpropFilter', 'Conv2DBackpropInput'],
  node: '22.12.0',
  platform: 'linux',
  arch: 'x64',
  gpu: {
    cuda: '11.2',
    cudnn: '8.1',
    platforms: 'Linux or Windows x64',
    note: 'CUDA 12 machines fail with libcudart.so.11.0.',
  },
});

export function selftestResult(overrides: Partial<SelftestResult> = {}): SelftestResult {
  return SelftestResultSchema.parse({
    backend: 'wasm',
    losses: [0.7, 0.6, 0.5, 0.4],
    firstLoss: 0.7,
    lastLoss: 0.4,
    fell: true,
    imagesPerSecond: 480.4,
    seconds: 0.13,
    ...overrides,
  });
}

/** What the app shell asks for on start-up, with no project open and no job running. */
export const shellHandlers: Handlers = {
  'app:info': () => appInfo,
  'backend:doctor': () => doctorReport,
  'jobs:list': () => [],
  'projects:current': () => null,
  'projects:recent': () => [],
};
