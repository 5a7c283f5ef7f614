import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../../../src/main/engine/recorder/fastaiTable';

describe('formatTime', () => {
  it("formats whole seconds as fastai's format_time: mm:ss, or h:mm:ss from an hour", () => {
    expect(formatTime(0)).toBe('00:00');
    expect(formatTime(7)).toBe('00:07');
    expect(formatTime(75.9)).toBe('01:15');
    expect(formatTime(3599.99)).toBe('59:59');
    expect(formatTime(3600)).toBe('1:00:00');
    expect(formatTime(3725)).toBe('1:02:05');
    expect(formatTime(36000 + 61)).toBe('10:01:01');
  });

  it('reads negative and non-finite times as 0', () => {
    expect(formatTime(-3)).toBe('00:00');
    expect(formatTime(Number.NaN)).toBe('00:00');
    expect(formatTime(Infinity)).toBe('00:00');
  });
});
