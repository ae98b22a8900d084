import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterShown, SHOWN_WAIT_MS } from './after-paint';

/** The browser's largest-contentful-paint reports, as a page receives them: `shown` holds the times of those made so far. */
class Reports {
  static supportedEntryTypes = ['largest-contentful-paint'];
  static made: Reports[] = [];
  static shown: number[] = [];
  static refuse = false;
  disconnected = false;
  options: PerformanceObserverInit | null = null;
  constructor(private readonly callback: (list: { getEntries(): { startTime: number }[] }) => void) {
    if (Reports.refuse) throw new TypeError('no observers here');
    Reports.made.push(this);
  }
  observe(options: PerformanceObserverInit) {
    this.options = options;
    // Buffered: the reports made before, delivered in a task of their own, as browsers do.
    const earlier = [...Reports.shown];
    if (earlier.length) setTimeout(() => this.report(...earlier), 0);
  }
  disconnect() {
    this.disconnected = true;
  }
  /** The browser reports content shown at these times. */
  report(...startTimes: number[]) {
    if (!this.disconnected) this.callback({ getEntries: () => startTimes.map((startTime) => ({ startTime })) });
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
  let listening: Map<string, () => void>;
  beforeEach(() => {
    vi.useFakeTimers();
    Reports.made = [];
    Reports.shown = [];
    Reports.refuse = false;
    visibilityState = 'visible';
    userActivation = { hasBeenActive: false };
    listening = new Map();
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
    vi.stubGlobal('addEventListener', (type: string, listener: () => void) => listening.set(type, listener));
    vi.stubGlobal(
      'removeEventListener',
      (type: string, listener: () => void) => listening.get(type) === listener && listening.delete(type),
    );
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** Nothing left behind: no observer, no timer, no listener. */
  const tidy = () => {
    expect(Reports.made.every((reports) => reports.disconnected)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(listening.size).toBe(0);
  };

  it('waits for the report of content shown since it was asked, not of what was shown before (the boot bar)', async () => {
    const shown = afterShown(1000);
    const [reports] = Reports.made;
    expect(reports.options).toEqual({ type: 'largest-contentful-paint', buffered: true });
    reports.report(400);
    expect(await settled(shown)).toBe(false);
    // Several at once, one of them new enough; the boundary counts.
    reports.report(700, 1000);
    expect(await settled(shown)).toBe(true);
    tidy();
  });

  it('takes a report the browser made before it listened', async () => {
    Reports.shown = [400, 1040];
    expect(await settled(afterShown(1000))).toBe(true);
    tidy();
  });

  it('stops waiting after a short while when nothing larger is painted', async () => {
    Reports.shown = [400];
    const shown = afterShown(1000);
    await vi.advanceTimersByTimeAsync(SHOWN_WAIT_MS - 1);
    expect(await settled(shown)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(shown)).toBe(true);
    tidy();
  });

  it('stops waiting when the person taps, types or scrolls, after which the browser reports nothing', async () => {
    for (const input of ['pointerdown', 'keydown', 'scroll']) {
      const shown = afterShown(1000);
      expect(await settled(shown)).toBe(false);
      listening.get(input)!();
      expect(await settled(shown)).toBe(true);
      tidy();
    }
  });

  it('does not wait where no report will come: a hidden tab, a browser without them, a person who has already tapped or typed', async () => {
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
    tidy();
  });

  it('does not wait when the browser refuses to observe', async () => {
    Reports.refuse = true;
    expect(await settled(afterShown(1000))).toBe(true);
    tidy();
  });
});
