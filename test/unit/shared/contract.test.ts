import { describe, expect, it } from 'vitest';
import { eventChannels, requestChannels } from '../../../src/shared/channels';
import { eventNames, events, requestNames, requests } from '../../../src/shared/contract';
import { createService } from '../../../src/main/service/service';
import { fakeTrainerFactory } from '../../helpers/fakeTrainer';

describe('the contract', () => {
  it('names every channel domain:verb and lists the same channels the preload allows', () => {
    for (const name of [...requestNames, ...eventNames]) expect(name).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
    expect([...requestChannels].sort()).toEqual([...requestNames].sort());
    expect([...eventChannels].sort()).toEqual([...eventNames].sort());
  });

  it('gives every request an input and an output schema, and every event a payload schema', () => {
    for (const name of requestNames) {
      expect(typeof requests[name].input.safeParse).toBe('function');
      expect(typeof requests[name].output.safeParse).toBe('function');
    }
    for (const name of eventNames) expect(typeof events[name].safeParse).toBe('function');
  });

  it('has a service handler for every request, and no handler without a request', () => {
    const service = createService({ mode: 'web', spawnTrainer: fakeTrainerFactory() });
    expect(Object.keys(service.handlers).sort()).toEqual([...requestNames].sort());
    service.dispose();
  });

  it('takes one object as the input of every request', async () => {
    for (const name of requestNames) {
      expect(requests[name].input.safeParse('a string').success).toBe(false);
      expect(requests[name].input.safeParse([1, 2]).success).toBe(false);
    }
  });
});
