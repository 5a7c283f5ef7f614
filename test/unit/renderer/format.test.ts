import { describe, expect, it } from 'vitest';
import {
  candidateStatus,
  describeSelftestResult,
  formatLoss,
  formatRate,
} from '../../../src/renderer/src/features/settings/format';
import { selftestResult } from './helpers/fixtures';

describe('settings wording', () => {
  it('formats losses and rates compactly', () => {
    expect(formatLoss(0.693147)).toBe('0.693');
    expect(formatLoss(2.3)).toBe('2.30');
    expect(formatLoss(0.0000123)).toBe('1.23e-5');
    expect(formatLoss(0)).toBe('0');
    expect(formatLoss(1234.5)).toBe('1234.5');
    expect(formatLoss(Number.NaN)).toBe('NaN');
    expect(formatRate(480.4)).toBe('480');
    expect(formatRate(1900.2)).toBe('1,900');
    expect(formatRate(0.94)).toBe('0.9');
  });

  it('describes a passing and a non-falling self-test', () => {
    expect(describeSelftestResult(selftestResult())).toBe(
      'Self-test passed on wasm: loss fell from 0.700 to 0.400 in 4 steps (480 images/s).',
    );
    const flat = describeSelftestResult(
      selftestResult({ fell: false, losses: [0.7, 0.71], firstLoss: 0.7, lastLoss: 0.71 }),
    );
    expect(flat.startsWith('Self-test finished but the loss did not fall')).toBe(true);
    expect(flat).toContain('from 0.700 to 0.710 in 2 steps on wasm');
  });

  it('calls the live candidate ok, untried or unneeded ones not used, and broken ones failed', () => {
    const candidates = [
      { name: 'tfjs-node-gpu', ok: false, reason: 'not installed' },
      { name: 'tfjs-node', ok: true, reason: 'loaded, but wasm was asked for' },
      { name: 'wasm', ok: true, reason: 'live' },
      { name: 'cpu', ok: false, reason: 'not tried: wasm is live' },
    ] as const;
    const status = candidates.map((_, i) => candidateStatus(candidates, i, 'wasm'));
    expect(status).toEqual(['failed', 'not used', 'ok', 'not used']);
    expect(() => candidateStatus(candidates, 9, 'wasm')).toThrow(RangeError);
  });
});
