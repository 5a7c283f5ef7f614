// How fast the grid is scrolling, for two cheap-while-moving behaviours: cells ignore the pointer while
// the grid moves at all, and new thumbnails wait while it flings (a placeholder shows instead, as in
// photo apps), so a fast fling does not start hundreds of image loads and decodes nobody can see. The
// images load as soon as the scroll slows to reading speed or stops.
import { useEffect, useState } from 'react';

/** Above this speed (px/ms, ~4 screens a second) new thumbnails wait; 2,400 px/s still loads them. */
export const FLING_SPEED = 4;
/** The fling ends below this speed (hysteresis, so the state does not flicker around the threshold). */
export const SETTLE_SPEED = 2.5;
/** Speed is measured over this window, so one jumpy event does not count as a fling. */
const WINDOW_MS = 100;
/** No scroll event for this long means the scroll stopped. */
export const IDLE_MS = 120;

/**
 * Scroll speed from (time, scrollTop) samples: distance over the last ~100 ms. `sample` answers whether
 * the scroll is now a fling, with hysteresis between FLING_SPEED and SETTLE_SPEED.
 */
export class ScrollSpeedMeter {
  private samples: { time: number; top: number }[] = [];
  private flinging = false;

  sample(time: number, top: number): boolean {
    this.samples.push({ time, top });
    while (this.samples.length > 2 && time - this.samples[1]!.time >= WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = time - first.time;
    // Too short a span to judge (the first event of a scroll): keep the current state.
    if (elapsed < 16) return this.flinging;
    const speed = Math.abs(top - first.top) / elapsed;
    if (this.flinging ? speed < SETTLE_SPEED : speed > FLING_SPEED) this.flinging = !this.flinging;
    return this.flinging;
  }

  /** The scroll stopped: the next one starts fresh. */
  stop(): void {
    this.samples = [];
    this.flinging = false;
  }
}

/**
 * Follows scrolling inside `frame` (any scroller in it: scroll events do not bubble, so this listens in
 * the capture phase). Marks the scroller with the `scrolling` class while it moves and returns true
 * while it flings.
 */
export function useFlinging(frame: HTMLElement | null): boolean {
  const [flinging, setFlinging] = useState(false);
  useEffect(() => {
    if (!frame) return;
    const meter = new ScrollSpeedMeter();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let scroller: Element | undefined;
    const onScroll = (event: Event) => {
      if (!(event.target instanceof Element)) return;
      scroller = event.target;
      if (timer === undefined) scroller.classList.add('scrolling');
      else clearTimeout(timer);
      setFlinging(meter.sample(event.timeStamp, scroller.scrollTop));
      timer = setTimeout(() => {
        timer = undefined;
        meter.stop();
        scroller?.classList.remove('scrolling');
        setFlinging(false);
      }, IDLE_MS);
    };
    frame.addEventListener('scroll', onScroll, { capture: true, passive: true });
    return () => {
      frame.removeEventListener('scroll', onScroll, { capture: true });
      if (timer !== undefined) clearTimeout(timer);
      scroller?.classList.remove('scrolling');
    };
  }, [frame]);
  return flinging;
}
