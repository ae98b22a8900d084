// `node scripts/icons.mjs`: writes web/src/lib/icons.svg, the icons the app draws, from lucide's own
// drawings (ISC licence). Every page shell carries them (web/src/hooks.server.ts), so an icon is a
// two-element <svg><use> that needs no request and no font: an emoji needs a font the device may lack
// (on a Linux kiosk without an emoji font, every one was an empty box). Add a name here to use it; a
// test checks that every icon the app names is in the file, and that the file is what this script writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The icons the app draws, by lucide's names (the app's types read this list: web/src/lib/icon.ts). */
export const ICONS = /** @type {const} */ ([
  'alarm-clock',
  'bell',
  'book-open',
  'calendar',
  'calendar-days',
  'camera',
  'check',
  'circle',
  'circle-check',
  'circle-x',
  'clipboard-list',
  'cloud-sun',
  'compass',
  'door-open',
  'download',
  'drama',
  'flag',
  'flame',
  'folder-open',
  'gift',
  'globe',
  'hand-heart',
  'handshake',
  'hourglass',
  'house',
  'id-card',
  'inbox',
  'keyboard',
  'lightbulb',
  'lock',
  'log-out',
  'mailbox',
  'map',
  'map-pin',
  'medal',
  'megaphone',
  'microscope',
  'monitor',
  'monitor-smartphone',
  'notebook-pen',
  'palette',
  'party-popper',
  'piggy-bank',
  'plug',
  'printer',
  'qr-code',
  'receipt',
  'refresh-cw',
  'school',
  'search',
  'shield',
  'shopping-bag',
  'sprout',
  'star',
  'stethoscope',
  'ticket',
  'triangle-alert',
  'trophy',
  'user-round-plus',
  'users',
  'volleyball',
  'vote',
  'wallet',
  'wifi-off',
]);

export const SPRITE = fileURLToPath(new URL('../web/src/lib/icons.svg', import.meta.url));
/** The programme's mark, the browser's tab icon: the sprite draws it too (`#brand-mark`), for the brand bars. */
export const MARK = fileURLToPath(new URL('../web/static/favicon.svg', import.meta.url));

const require = createRequire(import.meta.url);

/** One lucide icon's drawing: [tag, attributes] pairs, from the package's own module for it. */
async function drawing(name) {
  return (await import(`lucide/dist/esm/icons/${name}.mjs`)).default;
}

const attribute = (value) => String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * The mark as a symbol of the sprite, for the brand bars (the tab's icon stays the file). Shown as an
 * <img>, an SVG is a document of its own that the browser fetches (for each bar: it is served
 * no-cache) and builds before painting it; drawn from the shell, it is neither.
 */
function mark() {
  const svg = readFileSync(MARK, 'utf8');
  const viewBox = /<svg[^>]*\sviewBox="([^"]+)"/.exec(svg)?.[1];
  const inside = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(svg)?.[1].trim();
  if (!viewBox || !inside) throw new Error(`${MARK} is not one <svg> with a viewBox`);
  // Every page carries it: no styles (the pages' policy allows none inline), scripts, ids or titles.
  if (/<(style|script|title)\b|\sid=/.test(inside)) throw new Error(`${MARK}: only shapes can go into every page's sprite`);
  return `<symbol id="brand-mark" viewBox="${viewBox}">${inside}</symbol>`;
}

/** The sprite's text: one <symbol> per icon, its id `icon-` and the icon's lucide name, and the mark; hidden, and out of the page's flow. */
export async function sprite() {
  const version = JSON.parse(readFileSync(require.resolve('lucide/package.json'), 'utf8')).version;
  const symbols = [];
  for (const name of ICONS) {
    const inside = (await drawing(name))
      .map(
        ([tag, attributes]) =>
          `<${tag}${Object.entries(attributes)
            .map(([key, value]) => ` ${key}="${attribute(value)}"`)
            .join('')}/>`,
      )
      .join('');
    symbols.push(`<symbol id="icon-${name}" viewBox="0 0 24 24">${inside}</symbol>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="icon-sprite" width="0" height="0" aria-hidden="true"><!-- Lucide ${version} (ISC licence, https://lucide.dev), written by scripts/icons.mjs -->\n${symbols.join('\n')}\n${mark()}\n</svg>\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SPRITE, await sprite());
  console.log(`Wrote ${ICONS.length} icons to web/src/lib/icons.svg.`);
}
