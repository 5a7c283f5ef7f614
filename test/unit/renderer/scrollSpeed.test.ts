// The fling detector behind the grid's deferred thumbnails: speed over a ~100 ms window, with
// hysteresis, so a fast fling defers image loads and reading speed never does.
import { describe, expect, it } from 'vitest';
import {
  FLING_SPEED,
  SETTLE_SPEED,
  ScrollSpeedMeter,
} from '../../../src/renderer/src/features/label/scrollSpeed';

/** Feeds one scroll event per 60 Hz frame at `pxPerFrame`, returning the answer after each. */
function scroll(
  meter: ScrollSpeedMeter,
  from: { time: number; top: number },
  frames: number,
  pxPerFrame: number,
) {
  const answers: boolean[] = [];
  for (let i = 1; i <= frames; i++) {
    from.time += 1000 / 60;
    from.top += pxPerFrame;
    answers.push(meter.sample(from.time, from.top));
  }
  return answers;
}

describe('ScrollSpeedMeter', () => {
  it('calls a 7,200 px/s fling a fling within a few frames, and 2,400 px/s wheel scrolling never', () => {
    const fling = new ScrollSpeedMeter();
    const answers = scroll(fling, { time: 0, top: 0 }, 30, 120);
    expect(answers.slice(0, 1)).toEqual([false]);
    expect(answers.indexOf(true)).toBeLessThanOrEqual(3);
    expect(answers.slice(3).every(Boolean)).toBe(true);

    const wheel = new ScrollSpeedMeter();
    expect(scroll(wheel, { time: 0, top: 0 }, 120, 40).some(Boolean)).toBe(false);
  });

  it('ends the fling only once the scroll slows below the settle speed (no flicker around the threshold)', () => {
    const meter = new ScrollSpeedMeter();
    const at = { time: 0, top: 0 };
    scroll(meter, at, 20, 120);
    // Between the two thresholds: still a fling.
    const between = ((FLING_SPEED + SETTLE_SPEED) / 2) * (1000 / 60);
    expect(scroll(meter, at, 30, between).every(Boolean)).toBe(true);
    // Slower than the settle speed: the fling is over once the window has seen it.
    const slow = scroll(meter, at, 20, 10);
    expect(slow.at(-1)).toBe(false);
    // And from rest, the in-between speed does not start one.
    const fresh = new ScrollSpeedMeter();
    expect(scroll(fresh, { time: 0, top: 0 }, 30, between).some(Boolean)).toBe(false);
  });

  it('counts scrolling up like scrolling down, and starts fresh after a stop', () => {
    const meter = new ScrollSpeedMeter();
    expect(scroll(meter, { time: 0, top: 100_000 }, 10, -150).at(-1)).toBe(true);
    meter.stop();
    // One big jump right after the stop is a single sample: not judged yet.
    expect(meter.sample(5_000, 0)).toBe(false);
  });
});
