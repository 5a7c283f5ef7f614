// The service's side of a crashed trainer: a train job that fails (or is killed) while its run record
// still says 'running' gets its record marked failed (or cancelled) with the reason; records the
// trainer already finished, and jobs that only read a run, are left alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDir } from '../../../../src/main/runs/runLayout';
import { readRunRecord, writeRunRecord } from '../../../../src/main/runs/runStore';
import { EventHub } from '../../../../src/main/service/eventHub';
import { installRunWatcher } from '../../../../src/main/service/runWatcher';
import type { RunRecord, RunStatus } from '../../../../src/shared/training';

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'deskfit-watch-'));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function record(id: string, status: RunStatus, checkpointEpoch: number | null = 2): RunRecord {
  return {
    id,
    status,
    startedAt: 1,
    params: { arch: 'simple-cnn', epochs: 5 },
    augmentation: null,
    backend: 'cpu',
    lr: 1e-3,
    classes: ['a', 'b'],
    balance: { classes: [], imbalance: 1 },
    epochs: [],
    batches: [],
    bestEpoch: null,
    bestMetric: null,
    modelDir: null,
    checkpointEpoch,
    seconds: 3,
    imagesPerSecond: null,
  };
}

const data = (runId: string) => ({ projectDir: project, runId, runDir: runDir(project, runId) });
const crash = {
  code: 'TRAINER_CRASHED',
  message: 'The trainer process was killed by SIGKILL while running train.',
};

describe('runWatcher', () => {
  it("marks a crashed train job's running record failed, naming the error and the resumable epoch", async () => {
    const events = new EventHub();
    const watcher = installRunWatcher(events);
    await writeRunRecord(project, record('crashed', 'running'));
    expect(watcher.track({ jobId: 'j1' }, data('crashed'))).toEqual({ jobId: 'j1' });
    events.emit('jobs:failed', { jobId: 'j1', kind: 'train', error: crash });
    await watcher.idle();
    const after = await readRunRecord(project, 'crashed');
    expect(after.status).toBe('failed');
    expect(after.reason).toBe(`The trainer failed: ${crash.message} It can be resumed after epoch 2.`);
    expect(after.endedAt).toBeGreaterThan(0);
    watcher.dispose();
  });

  it('marks a killed (cancelled) run cancelled, and leaves finished records and other jobs alone', async () => {
    const events = new EventHub();
    const watcher = installRunWatcher(events);
    await writeRunRecord(project, record('killed', 'running', null));
    await writeRunRecord(project, record('done', 'diverged'));
    await writeRunRecord(project, record('read', 'running'));
    watcher.track({ jobId: 'k' }, data('killed'));
    watcher.track({ jobId: 'd' }, data('done'));
    watcher.track({ jobId: 'i' }, data('read'));
    watcher.track({ jobId: 'ok' }, data('read'));
    events.emit('jobs:failed', {
      jobId: 'k',
      kind: 'train',
      error: { code: 'CANCELLED', message: 'train was cancelled (its process was stopped).' },
    });
    events.emit('jobs:failed', { jobId: 'd', kind: 'train', error: { code: 'DIVERGED', message: 'NaN' } });
    events.emit('jobs:failed', { jobId: 'i', kind: 'interpret', error: crash });
    events.emit('jobs:done', { jobId: 'ok', kind: 'train', result: {} });
    events.emit('jobs:failed', { jobId: 'ok', kind: 'train', error: crash });
    await watcher.idle();
    const killed = await readRunRecord(project, 'killed');
    expect(killed.status).toBe('cancelled');
    expect(killed.reason).toMatch(/^Stopped before the trainer could save its last state/);
    expect((await readRunRecord(project, 'done')).status).toBe('diverged');
    expect((await readRunRecord(project, 'read')).status).toBe('running');
    watcher.dispose();
  });

  it('ignores a job whose trainer died before writing any record', async () => {
    const events = new EventHub();
    const watcher = installRunWatcher(events);
    watcher.track({ jobId: 'x' }, data('never-written'));
    events.emit('jobs:failed', { jobId: 'x', kind: 'train', error: crash });
    await watcher.idle();
    await expect(readRunRecord(project, 'never-written')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    watcher.dispose();
  });

  it('presents a running record with no live job (the app stopped mid-run) as failed and resumable', () => {
    const watcher = installRunWatcher(new EventHub());
    const orphan = record('orphan', 'running', 3);
    const shown = watcher.present(project, orphan);
    expect(shown.status).toBe('failed');
    expect(shown.reason).toBe(
      'deskfit stopped while this run was training. It can be resumed after epoch 3.',
    );
    watcher.track({ jobId: 'live' }, data('live'));
    expect(watcher.isLive(project, 'live')).toBe(true);
    expect(watcher.present(project, record('live', 'running')).status).toBe('running');
    expect(watcher.present(project, record('done', 'completed'))).toEqual(record('done', 'completed'));
    watcher.dispose();
  });
});
