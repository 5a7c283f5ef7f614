// The user's preferences, kept by the service in deskfit's home folder: defaults at first, a change
// keeps the others, and a damaged file never stops the app (each bad field falls back on its own).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPreferences, savePreferences } from '../../../../../src/main/data/store/uiPreferences';
import { createService } from '../../../../../src/main/service/service';
import { defaultUiPreferences } from '../../../../../src/shared/preferences';
import { fakeTrainerFactory } from '../../../../helpers/fakeTrainer';
import { useTempDeskfitHome } from './storeFixtures';

const homeDir = useTempDeskfitHome();

describe('preferences', () => {
  it('starts from the defaults and saves a change without losing the rest', () => {
    expect(readPreferences()).toEqual(defaultUiPreferences);
    expect(savePreferences({ gridSize: 'large' })).toEqual({ advanceAfterLabel: true, gridSize: 'large' });
    expect(savePreferences({ advanceAfterLabel: false })).toEqual({
      advanceAfterLabel: false,
      gridSize: 'large',
    });
    expect(readPreferences()).toEqual({ advanceAfterLabel: false, gridSize: 'large' });
    expect(JSON.parse(readFileSync(join(homeDir(), 'preferences.json'), 'utf8'))).toEqual(readPreferences());
  });

  it('reads a damaged file as the defaults, and a bad field as its default alone', () => {
    mkdirSync(homeDir(), { recursive: true });
    writeFileSync(join(homeDir(), 'preferences.json'), '{ not json');
    expect(readPreferences()).toEqual(defaultUiPreferences);
    writeFileSync(
      join(homeDir(), 'preferences.json'),
      JSON.stringify({ advanceAfterLabel: false, gridSize: 'huge' }),
    );
    expect(readPreferences()).toEqual({ advanceAfterLabel: false, gridSize: 'medium' });
  });

  it('is served as preferences:get and preferences:save, which refuses unknown fields and values', async () => {
    const service = createService({ mode: 'web', spawnTrainer: fakeTrainerFactory() });
    try {
      expect(await service.dispatch('preferences:save', { gridSize: 'small' })).toEqual({
        ok: true,
        value: { advanceAfterLabel: true, gridSize: 'small' },
      });
      expect(await service.dispatch('preferences:get', {})).toEqual({
        ok: true,
        value: { advanceAfterLabel: true, gridSize: 'small' },
      });
      for (const bad of [{ gridSize: 'huge' }, { theme: 'dark' }]) {
        const reply = await service.dispatch('preferences:save', bad);
        expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      }
      expect(readPreferences().gridSize).toBe('small');
    } finally {
      await service.dispose();
    }
  });
});
