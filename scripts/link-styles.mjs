// Links in each page's shell the stylesheets of every script the shell already preloads.
//
// SvelteKit links a page's styles in its shell only when it can match them to the page's own
// modules; the styles of a chunk shared by several pages (vite.config.ts groups small components into
// one) can escape that match, and are then fetched only once the page's scripts have run: one more
// round trip before the page can show, on every first visit. The manifest says which styles each
// preloaded script needs; any the shell lacks are linked beside the others.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './bundle.mjs';

const web = join(root, 'build/web');
const manifest = JSON.parse(readFileSync(join(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'));
const stylesOf = new Map(Object.values(manifest).map((chunk) => [`/${chunk.file}`, (chunk.css ?? []).map((css) => `/${css}`)]));

let linked = 0;
for (const name of readdirSync(web, { recursive: true, encoding: 'utf8' })) {
  if (!name.endsWith('.html') || name.startsWith('_app')) continue;
  const path = join(web, name);
  const html = readFileSync(path, 'utf8');
  const present = new Set([...html.matchAll(/<link href="([^"]+)" rel="stylesheet">/g)].map((match) => match[1]));
  const missing = new Set();
  for (const [, script] of html.matchAll(/<link href="([^"]+)" rel="modulepreload">/g)) {
    for (const css of stylesOf.get(script) ?? []) if (!present.has(css)) missing.add(css);
  }
  if (missing.size === 0) continue;
  const links = [...missing].map((css) => `<link href="${css}" rel="stylesheet">`).join('\n\t\t');
  // Beside the page's other styles (before its scripts), or at the end of the head if it has none.
  const last = [...html.matchAll(/<link href="[^"]+" rel="stylesheet">/g)].at(-1);
  const at = last ? last.index + last[0].length : html.indexOf('</head>');
  writeFileSync(path, `${html.slice(0, at)}${last ? '\n\t\t' : ''}${links}${last ? '' : '\n'}${html.slice(at)}`);
  linked += missing.size;
}
console.log(`Linked ${linked} stylesheets that page shells were missing.`);
