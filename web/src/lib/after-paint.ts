/**
 * Resolves once the frame being drawn now is on screen, in a task of its own: work started then never
 * lengthens the task that draws the frame. At once in a hidden tab (it draws nothing), and within a
 * second whatever happens.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve();
    // A frame's callbacks run in the same task as its layout and paint; the timeout set from them runs after.
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 1000);
  });
}
