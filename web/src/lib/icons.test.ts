import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICONS, SPRITE, sprite } from '../../../scripts/icons.mjs';
import { CATEGORY_ICON } from './components/catalogue/format';
import { iconHref, iconMarkup } from './icon';
import { sources } from '../../../tests/support/sources';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const MESSAGES = fileURLToPath(new URL('../../../shared/i18n/messages', import.meta.url));

/** The web app's sources, its page shell included. */
const appSources = (dir: string) => sources(dir, /\.(svelte|ts|html)$/);

describe('the icons', () => {
  it('are in the sprite exactly as scripts/icons.mjs writes it from lucide (run it after changing the list)', async () => {
    expect(readFileSync(SPRITE, 'utf8')).toBe(await sprite());
  });

  it('has a drawing for every icon the app names, and names none twice', () => {
    const named = new Set<string>(Object.values(CATEGORY_ICON));
    for (const file of appSources(SRC)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/<(?:Icon name|EmptyState icon)="([\w-]+)"/g)) named.add(name);
    }
    expect(named.size).toBeGreaterThan(40);
    expect([...named].filter((name) => !(ICONS as readonly string[]).includes(name))).toEqual([]);
    expect(new Set(ICONS).size).toBe(ICONS.length);
  });

  it('draws each symbol once, under an id no page uses for anything else', () => {
    const text = readFileSync(SPRITE, 'utf8');
    const ids = [...text.matchAll(/<symbol id="([^"]+)"/g)].map(([, id]) => id);
    expect(ids).toEqual([...ICONS.map((name: string) => `icon-${name}`), 'brand-mark']);
    expect(iconHref('camera')).toBe('#icon-camera');
    const taken = appSources(SRC).filter((file) => /\bid=["{`]+(icon-|brand-mark)/.test(readFileSync(file, 'utf8')));
    expect(taken).toEqual([]);
  });

  it("draws the programme's mark (the tab's icon, copied by the first test's script) in both brand bars", () => {
    expect(readFileSync(SPRITE, 'utf8')).toContain('<symbol id="brand-mark" viewBox="0 0 64 64">');
    for (const file of [join(SRC, 'app.html'), join(SRC, 'routes/+layout.svelte')]) {
      expect(readFileSync(file, 'utf8'), file).toContain(
        '<svg class="brand-mark" width="32" height="32" aria-hidden="true"><use href="#brand-mark"></use></svg>',
      );
    }
  });

  it('leaves no emoji or symbol glyphs in the app or its messages, whose fonts a device may lack (an empty box on a Linux kiosk)', () => {
    // Pictographs, and the ticks, circles and stars of the symbol blocks the icons replaced.
    const emoji = /[\p{Extended_Pictographic}\u2713\u2714\u2717\u2718\u25cb\u25cf\u2605\u2606\u23f3]/u;
    const messages = readdirSync(MESSAGES).map((name) => join(MESSAGES, name));
    expect(messages.length).toBe(5);
    const found = [...appSources(SRC), ...messages].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => emoji.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('hides the markup made for the map from screen readers, like Icon.svelte', () => {
    expect(iconMarkup('palette')).toBe('<svg class="icon" aria-hidden="true"><use href="#icon-palette"></use></svg>');
  });
});
