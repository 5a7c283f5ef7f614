import { beforeAll, describe, expect, it } from 'vitest';
import { backendNames, DoctorReportSchema, type DoctorReport } from '../../../../src/shared/contract';
import { getDoctorReport, initBackend } from '../../../../src/main/engine/backend';

describe('initBackend in the default order', () => {
  let report: DoctorReport;
  beforeAll(async () => {
    delete process.env['DESKFIT_BACKEND'];
    report = await initBackend();
  });

  it('fills every field of the doctor report', () => {
    expect(DoctorReportSchema.parse(report)).toEqual(report);
    expect(report.tfjsVersion).toBe('4.22.0');
    expect(report.node).toBe(process.versions.node);
    expect(report.gpu).toMatchObject({ cuda: '11.2', cudnn: '8.1', platforms: 'Linux x64, Windows x64' });
    expect(report.gpu.note).toMatch(/libcudart\.so\.11\.0/);
  });

  it('lists every candidate in order, each with a reason, exactly one live', () => {
    expect(report.candidates.map((c) => c.name)).toEqual([...backendNames]);
    for (const c of report.candidates) expect(c.reason.length).toBeGreaterThan(10);
    expect(report.candidates.filter((c) => c.ok).map((c) => c.name)).toEqual([report.backend]);
    expect(report.candidates.find((c) => c.name === 'tfjs-node-gpu')?.requires).toMatch(/CUDA 11\.2/);
  });

  it('names wasm or cpu as live here, and says tfjs-node is not installed', () => {
    // The native packages are optional and absent on this project's machines.
    expect(['wasm', 'cpu']).toContain(report.backend);
    const node = report.candidates.find((c) => c.name === 'tfjs-node');
    expect(node?.reason).toMatch(/not installed/);
    expect(node?.reason).toMatch(/npm install @tensorflow\/tfjs-node/);
    const later = report.candidates.slice(backendNames.indexOf(report.backend) + 1);
    for (const c of later) expect(c.reason).toMatch(/^not tried: .* is live/);
  });

  it('patches the wasm gradient kernels when wasm is live', () => {
    if (report.backend === 'wasm') {
      expect(report.patchedKernels).toEqual(
        expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput']),
      );
    } else {
      expect(report.patchedKernels).toEqual([]);
    }
  });

  it('is idempotent and cached', async () => {
    expect(await initBackend()).toBe(report);
    expect(getDoctorReport()).toBe(report);
  });

  it('refuses to switch to another forced backend once one is live', async () => {
    const other = report.backend === 'cpu' ? 'wasm' : 'cpu';
    await expect(initBackend({ only: other })).rejects.toThrow(/already/);
  });
});
