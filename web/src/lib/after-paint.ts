/**
 * Resolves once the browser has drawn the frame being prepared now (laid out and painted it), in a
 * task of its own: work started then never lengthens the task that draws the frame. At once in a
 * hidden tab (it draws nothing); otherwise after a second at most, as far as the browser runs timers.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve();
    // A frame's callbacks run in the same task as its layout and paint; the timeout set from them runs after.
    const fallback = setTimeout(resolve, 1000);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/** How long to wait, at most, for the browser to report showing a frame it has drawn. */
export const SHOWN_WAIT_MS = 150;

/** What the person does that ends the browser's largest-contentful-paint reports for the page. */
const INPUTS = ['pointerdown', 'keydown', 'scroll'] as const;

/**
 * Resolves once the browser reports that the largest content it has painted since `since` (a
 * `performance.now()` time) has reached the display: its largest-contentful-paint report, made when
 * the frame is shown. A frame is drawn on the main thread and shown later; on a busy phone the
 * display lags the drawing by a few frames, and whatever is fetched meanwhile competes with what
 * the person is about to see. At once in a hidden tab, where the browser makes no such report, and
 * once the person has tapped, typed or scrolled (after which it makes none); otherwise after
 * SHOWN_WAIT_MS at most: nothing larger was painted, or the page was hidden while it loaded.
 */
export function afterShown(since: number): Promise<void> {
  return new Promise((resolve) => {
    const reported =
      typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint');
    const interacted = (navigator as { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive ?? false;
    if (document.visibilityState === 'hidden' || !reported || interacted) return resolve();
    let observer: PerformanceObserver | null = null;
    const done = () => {
      observer?.disconnect();
      clearTimeout(fallback);
      for (const type of INPUTS) removeEventListener(type, done, true);
      resolve();
    };
    const fallback = setTimeout(done, SHOWN_WAIT_MS);
    for (const type of INPUTS) addEventListener(type, done, { capture: true, passive: true });
    try {
      observer = new PerformanceObserver((list) => {
        if (list.getEntries().some((entry) => entry.startTime >= since)) done();
      });
      // Buffered: a report made before this call counts too.
      observer.observe({ type: 'largest-contentful-paint', buffered: true });
    } catch {
      done();
    }
  });
}

/**
 * Resolves in a task of its own: what runs after it does not lengthen the task that awaited it, and a
 * tap made meanwhile is answered first (`scheduler.yield` where the browser has it).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
