import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DoctorReport } from '../../../../src/shared/contract';

type BackendModule = typeof import('../../../../src/main/engine/backend');

/** A fresh copy of the module, so each test starts with no cached report (tfjs stays shared). */
async function freshBackendModule(): Promise<BackendModule> {
  vi.resetModules();
  return import('../../../../src/main/engine/backend');
}

function reasonOf(report: DoctorReport, name: string): string {
  return report.candidates.find((c) => c.name === name)?.reason ?? '';
}

describe('forcing a backend', () => {
  afterEach(() => {
    delete process.env['DESKFIT_BACKEND'];
  });

  it('only: cpu tries cpu alone and says why the others were not tried', async () => {
    const { initBackend, getDoctorReport } = await freshBackendModule();
    expect(getDoctorReport()).toBeUndefined();
    const report = await initBackend({ only: 'cpu' });
    expect(report.backend).toBe('cpu');
    expect(report.patchedKernels).toEqual([]);
    for (const name of ['tfjs-node-gpu', 'tfjs-node', 'wasm']) {
      expect(reasonOf(report, name)).toMatch(/^not tried: forced to cpu/);
    }
    expect(reasonOf(report, 'cpu')).toMatch(/^live/);
    expect(await initBackend({ only: 'cpu' })).toBe(report);
  });

  it('DESKFIT_BACKEND=cpu forces the same way and is named in the reasons', async () => {
    process.env['DESKFIT_BACKEND'] = 'cpu';
    const { initBackend } = await freshBackendModule();
    const report = await initBackend();
    expect(report.backend).toBe('cpu');
    expect(reasonOf(report, 'wasm')).toBe('not tried: forced to cpu by DESKFIT_BACKEND=cpu');
  });

  it('rejects an unknown DESKFIT_BACKEND value', async () => {
    process.env['DESKFIT_BACKEND'] = 'webgpu';
    const { initBackend } = await freshBackendModule();
    await expect(initBackend()).rejects.toThrow(/DESKFIT_BACKEND must be one of/);
  });

  it('a forced backend that cannot start fails with every reason attached', async () => {
    const { initBackend, BackendUnavailableError, getDoctorReport } = await freshBackendModule();
    const err: unknown = await initBackend({ only: 'tfjs-node' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    const candidates = (err as InstanceType<typeof BackendUnavailableError>).candidates;
    expect(candidates.find((c) => c.name === 'tfjs-node')?.reason).toMatch(/not installed/);
    expect(getDoctorReport()).toBeUndefined();
  });
});
