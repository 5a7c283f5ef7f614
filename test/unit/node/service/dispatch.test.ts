import { describe, expect, it } from 'vitest';
import { createService } from '../../../../src/main/service/service';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';

function setup() {
  const spawn = fakeTrainerFactory();
  const service = createService({ mode: 'web', spawnTrainer: spawn });
  return { spawn, service };
}

describe('dispatchRequest', () => {
  it('answers app:info with a valid AppInfo', async () => {
    const { service } = setup();
    const reply = await service.dispatch('app:info', {});
    expect(reply.ok).toBe(true);
    if (reply.ok)
      expect(reply.value).toMatchObject({ name: 'deskfit', mode: 'web', node: process.versions.node });
  });

  it('refuses an unknown channel by name, listing the known ones', async () => {
    const { service } = setup();
    const reply = await service.dispatch('files:delete', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    if (!reply.ok) expect(reply.error.message).toContain('app:info');
  });

  it.each([
    ['a number instead of an object', 42],
    ['an unknown job kind', { kind: 'format-disk', params: {} }],
    ['a negative step count', { kind: 'selftest', params: { steps: -3 } }],
    ['a fractional batch size', { kind: 'selftest', params: { batchSize: 2.5 } }],
    ['an unexpected field', { kind: 'selftest', params: { steps: 5, evil: true } }],
  ])('refuses jobs:start with %s, naming the field, and starts nothing', async (_label, input) => {
    const { service, spawn } = setup();
    const reply = await service.dispatch('jobs:start', input);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('BAD_REQUEST');
      expect(reply.error.message).toMatch(/^Invalid input for jobs:start: /);
      expect(Array.isArray(reply.error.details)).toBe(true);
    }
    expect(spawn.spawned).toHaveLength(0);
    const list = await service.dispatch('jobs:list', {});
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('names the bad field path in the message', async () => {
    const { service } = setup();
    const reply = await service.dispatch('jobs:start', { kind: 'selftest', params: { steps: 'many' } });
    expect(!reply.ok && reply.error.message).toContain('params.steps');
  });

  it('fills defaults for a valid job and starts exactly one trainer', async () => {
    const { service, spawn } = setup();
    const reply = await service.dispatch('jobs:start', { kind: 'selftest' });
    expect(reply.ok).toBe(true);
    expect(spawn.spawned).toHaveLength(1);
    expect(spawn.spawned[0]!.received[0]).toMatchObject({
      type: 'run',
      spec: { kind: 'selftest', params: { steps: 30, batchSize: 16, imageSize: 16, seed: 42 } },
    });
    service.dispose();
  });

  it('answers jobs:cancel for an unknown job with NOT_FOUND', async () => {
    const { service } = setup();
    const reply = await service.dispatch('jobs:cancel', { jobId: 'nope' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
