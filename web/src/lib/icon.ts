import type { ICONS } from '../../../scripts/icons.mjs';

/** An icon the app draws: a name of scripts/icons.mjs's list, so a name with no drawing does not type-check. */
export type IconName = (typeof ICONS)[number];

/** Where one of the app's icons is drawn: a symbol of the sprite every page shell carries (scripts/icons.mjs). */
export const iconHref = (name: IconName): string => `#icon-${name}`;

/** An icon as markup, for elements made outside Svelte (the map's markers); hidden from screen readers like `Icon.svelte`. */
export const iconMarkup = (name: IconName): string => `<svg class="icon" aria-hidden="true"><use href="${iconHref(name)}"></use></svg>`;
