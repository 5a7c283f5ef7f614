// The built `deskfit` command end to end: doctor, selftest in a forked trainer, serve, and no orphans.
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, childPids, isAlive, runDeskfit, startDeskfit, waitFor } from '../../../helpers/cli';

beforeAll(() => assertBuilt());

describe('deskfit CLI', () => {
  it('prints help naming its commands', async () => {
    const { code, stdout } = await runDeskfit(['--help']);
    expect(code).toBe(0);
    for (const command of ['doctor', 'serve', 'selftest']) expect(stdout).toContain(command);
  });

  it('doctor --json names the live backend and a reason for every candidate', async () => {
    const { code, stdout } = await runDeskfit(['doctor', '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as {
      backend: string;
      candidates: { name: string; ok: boolean; reason: string }[];
    };
    expect(report.candidates.map((c) => c.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
    expect(report.candidates.find((c) => c.name === report.backend)?.ok).toBe(true);
    for (const candidate of report.candidates) expect(candidate.reason.length).toBeGreaterThan(5);
  });

  it('selftest --json prints one object per step and a last result whose loss fell', async () => {
    const { code, stdout, stderr } = await runDeskfit(['selftest', '--json', '--steps', '16']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(17);
    lines.slice(0, 16).forEach((line, i) => expect(line).toMatchObject({ step: i + 1, total: 16 }));
    const result = lines.at(-1) as { backend: string; losses: number[]; fell: boolean };
    expect(result.losses).toHaveLength(16);
    expect(result.losses).toEqual(lines.slice(0, 16).map((l) => l.loss));
    expect(result.fell).toBe(true);
  });

  it('refuses a bad option value with a clear message', async () => {
    const { code, stderr } = await runDeskfit(['selftest', '--steps', 'lots']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--steps');
    expect(stderr).toContain('expected a whole number');
  });

  it('leaves no trainer behind when the CLI is killed mid-training', async () => {
    const { child } = await startDeskfit(['selftest', '--json', '--steps', '500'], /"step":1,/);
    const trainers = childPids(child.pid!);
    expect(trainers.length).toBe(1);
    child.kill('SIGKILL');
    const gone = await waitFor(() => trainers.every((pid) => !isAlive(pid)), 10_000);
    expect(gone).toBe(true);
  });

  it('serve prints a tokened loopback URL; the page needs the token', async () => {
    const { child, match } = await startDeskfit(
      ['serve', '--port', '0'],
      /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/,
    );
    try {
      const url = match[1]!;
      const port = match[2]!;
      expect((await fetch(url)).status).toBe(200);
      const refused = await fetch(`http://127.0.0.1:${port}/`);
      expect(refused.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, 5_000);
    }
  });
});
