import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterShown, SHOWN_WAIT_MS } from './after-paint';

// The browser's largest-contentful-paint reports, as a page would receive them.
class Reports {
  static supportedEntryTypes = ['largest-contentful-paint'];
  static made: Reports[] = [];
  options: PerformanceObserverInit | null = null;
  disconnected = false;
  constructor(private readonly callback: (list: { getEntries(): { startTime: number }[] }) => void) {
    Reports.made.push(this);
  }
  observe(options: PerformanceObserverInit) {
    this.options = options;
  }
  disconnect() {
    this.disconnected = true;
  }
  /** The browser reports content shown at these times. */
  report(...startTimes: number[]) {
    this.callback({ getEntries: () => startTimes.map((startTime) => ({ startTime })) });
  }
}

/** Whether the promise has settled by now (its callbacks given a turn). */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('afterShown: the device waits for the first screen to reach the display', () => {
  let visibilityState: string;
  let userActivation: { hasBeenActive: boolean } | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    Reports.made = [];
    visibilityState = 'visible';
    userActivation = { hasBeenActive: false };
    vi.stubGlobal('document', {
      get visibilityState() {
        return visibilityState;
      },
    });
    vi.stubGlobal('navigator', {
      get userActivation() {
        return userActivation;
      },
    });
    vi.stubGlobal('PerformanceObserver', Reports);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('waits for the report of content shown since it was asked, including one made just before it listened', async () => {
    const shown = afterShown(1000);
    const [reports] = Reports.made;
    expect(reports.options).toEqual({ type: 'largest-contentful-paint', buffered: true });
    // The boot bar, shown before the page was drawn, is not the page.
    reports.report(400);
    expect(await settled(shown)).toBe(false);
    reports.report(1040);
    expect(await settled(shown)).toBe(true);
    expect(reports.disconnected).toBe(true);
    // Its timer went with it: nothing left to fire.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops waiting after a short while when nothing larger is painted', async () => {
    const shown = afterShown(1000);
    await vi.advanceTimersByTimeAsync(SHOWN_WAIT_MS - 1);
    expect(await settled(shown)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(shown)).toBe(true);
    expect(Reports.made[0].disconnected).toBe(true);
  });

  it('does not wait where no report will come: a hidden tab, a browser without them, a person who has tapped or typed', async () => {
    visibilityState = 'hidden';
    expect(await settled(afterShown(1000))).toBe(true);
    visibilityState = 'visible';
    userActivation = { hasBeenActive: true };
    expect(await settled(afterShown(1000))).toBe(true);
    userActivation = undefined;
    Reports.supportedEntryTypes = [];
    try {
      expect(await settled(afterShown(1000))).toBe(true);
    } finally {
      Reports.supportedEntryTypes = ['largest-contentful-paint'];
    }
    vi.stubGlobal('PerformanceObserver', undefined);
    expect(await settled(afterShown(1000))).toBe(true);
    expect(Reports.made).toEqual([]);
  });
});
