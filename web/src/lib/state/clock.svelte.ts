import { device } from '$lib/sync/device.svelte';
import { cached, currentLocale, m } from '$lib/i18n';
import { timeLeft } from '$shared/ledger';
import { INTL_LOCALE } from '$shared/locale';

/**
 * The time on the server's clock as this device last measured it, ticking: deadlines count down on
 * it, not on a phone set wrong. Create it while a component starts (it stops with the component).
 */
export class ServerClock {
  #tick = $state(Date.now());

  constructor(everyMs = 60_000) {
    $effect(() => {
      const timer = setInterval(() => (this.#tick = Date.now()), everyMs);
      return () => clearInterval(timer);
    });
  }

  /** Reads the time now, between ticks (before judging a deadline on a tap). */
  refresh(): void {
    this.#tick = Date.now();
  }

  get now(): Date {
    return new Date(this.#tick + device.skewMs);
  }
}

/** "Spend by 30 June 2026: 12 days left" (hours on the last day; passed once it is). */
export function deadlineText(deadline: string, now: Date): string {
  const left = timeLeft(new Date(deadline), now);
  const locale = currentLocale();
  const date = cached(
    `deadline:${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'Europe/Rome' }),
  ).format(new Date(deadline));
  if (left.passed) return m.wallet_deadline_passed({ date });
  return left.days > 0 ? m.wallet_deadline_days({ date, days: left.days }) : m.wallet_deadline_hours({ date, hours: left.hours });
}
