/** Whether the screen is being kept on: asked for, refused or not offered by this browser. */
export type Awake = 'on' | 'off' | 'unavailable';

/**
 * Keeps the screen on while the page shows (a hub's code screen, a kiosk), through the Screen Wake Lock
 * API. The browser lets go of the lock whenever the page is hidden: it is asked for again on return.
 * `onstate` hears each change; the function answered lets go for good.
 */
export function keepScreenAwake(onstate: (awake: Awake) => void): () => void {
  let lock: WakeLockSentinel | null = null;
  let left = false;
  async function ask() {
    if (!('wakeLock' in navigator)) return onstate('unavailable');
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (left) return void sentinel.release();
      lock = sentinel;
      onstate('on');
      sentinel.addEventListener('release', () => {
        if (!left) onstate('off');
      });
    } catch {
      onstate('unavailable');
    }
  }
  const visible = () => {
    if (document.visibilityState === 'visible' && (!lock || lock.released)) void ask();
  };
  void ask();
  document.addEventListener('visibilitychange', visible);
  return () => {
    left = true;
    document.removeEventListener('visibilitychange', visible);
    void lock?.release().catch(() => undefined);
  };
}
