/** Where one of the app's icons is drawn: a symbol of the sprite every page shell carries (scripts/icons.mjs). */
export const iconHref = (name: string): string => `#icon-${name}`;

/** An icon as markup, for elements made outside Svelte (the map's markers); hidden from screen readers like `Icon.svelte`. */
export const iconMarkup = (name: string): string => `<svg class="icon" aria-hidden="true"><use href="${iconHref(name)}"></use></svg>`;
