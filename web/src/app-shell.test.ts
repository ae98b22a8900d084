import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '$shared/locale';

// The page's shell runs before any of the app's code can: it repeats what it needs of shared/ (the
// languages), and must say the same.
const shell = readFileSync(new URL('./app.html', import.meta.url), 'utf8');
const literal = (pattern: RegExp): unknown => {
  const match = pattern.exec(shell);
  if (!match) throw new Error(`Not in app.html: ${pattern}`);
  return Function(`return (${match[1]});`)();
};

describe('the page shell (app.html)', () => {
  it('knows the languages the app has', () => {
    expect(literal(/var supported = (\[[^\]]*\]);/)).toEqual([...LOCALES]);
  });

  it('leaves a place for the build to write where the language files are', () => {
    expect(shell).toContain("var messageFiles = '%wishmi.messageFiles%';");
    // …and where the build puts the icons' drawings (web/src/hooks.server.ts), in the body.
    expect(shell).toMatch(/<body[^>]*>\s*<!--%wishmi.icons%-->/);
  });
});
