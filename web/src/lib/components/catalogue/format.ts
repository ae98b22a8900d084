import type { Category } from '$shared/category';
import type { IconName } from '$lib/icon';
import { INTL_LOCALE } from '$shared/locale';
import { cached, currentLocale } from '$lib/i18n';

/** Icons beside (never instead of) each category's name. */
export const CATEGORY_ICON: Record<Category, IconName> = {
  art: 'palette',
  health: 'stethoscope',
  school: 'book-open',
  sport: 'volleyball',
  stem: 'microscope',
};

/** "gio 26 nov, 17:00": when a session starts, in Milan time, in the reader's language. */
export function sessionDate(iso: string, intlLocale: string): string {
  return cached(
    `session:${intlLocale}`,
    () =>
      new Intl.DateTimeFormat(intlLocale, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Rome',
      }),
  ).format(new Date(iso));
}

/** "2,4 km", rounded to what a walk needs. */
export function kilometres(km: number, intlLocale: string): string {
  return cached(
    `km:${intlLocale}`,
    () => new Intl.NumberFormat(intlLocale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }),
  ).format(km);
}

/** "novembre 2026" from "2026-11", in the reader's language. */
export function monthName(month: string): string {
  const [year, mo] = month.split('-').map(Number);
  return cached(
    `month:${currentLocale()}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[currentLocale()], { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  ).format(new Date(Date.UTC(year, mo - 1, 1)));
}
