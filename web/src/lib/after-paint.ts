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

/**
 * Resolves in a task of its own: what runs after it does not lengthen the task that awaited it, and a
 * tap made meanwhile is answered first (`scheduler.yield` where the browser has it).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
