// Links in each page's shell the stylesheets of every script the shell already preloads.
//
// SvelteKit links a page's styles in its shell only when it can match them to the page's own
// modules; the styles of a chunk shared by several pages (vite.config.ts groups small components into
// one) can escape that match, and are then fetched only once the page's scripts have run: one more
// round trip before the page can show, on every first visit. The manifest says which styles each
// preloaded script needs. Each shell's styles are written again in the order of its scripts (what a
// chunk builds on before the chunk, the page's own last), as SvelteKit writes them when it matches.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './bundle.mjs';

const web = join(root, 'build/web');
const manifest = JSON.parse(readFileSync(join(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'));
const stylesOf = new Map(Object.values(manifest).map((chunk) => [`/${chunk.file}`, (chunk.css ?? []).map((css) => `/${css}`)]));
const STYLE = /<link href="([^"]+)" rel="stylesheet">/g;
const SCRIPT = /<link href="([^"]+)" rel="modulepreload">/g;

let added = 0;
for (const name of readdirSync(web, { recursive: true, encoding: 'utf8' })) {
  if (!name.endsWith('.html') || name.startsWith('_app')) continue;
  const path = join(web, name);
  const html = readFileSync(path, 'utf8');
  const scripts = [...html.matchAll(SCRIPT)].map((match) => match[1]);
  const unknown = scripts.filter((script) => !stylesOf.has(script));
  // Paths written differently from the manifest's would make this step silently do nothing.
  if (unknown.length) throw new Error(`${name} preloads scripts the build's manifest does not know: ${unknown.join(', ')}`);
  const present = [...html.matchAll(STYLE)].map((match) => match[1]);
  const needed = scripts.flatMap((script) => stylesOf.get(script));
  // Styles the shell names that no preloaded script needs stay first, as they were.
  const wanted = [...new Set([...present.filter((css) => !needed.includes(css)), ...needed])];
  if (wanted.every((css) => present.includes(css))) continue;
  const lines = html.split('\n');
  const isStyle = (line) => /^\s*<link href="[^"]+" rel="stylesheet">\s*$/.test(line);
  if (lines.filter(isStyle).length !== present.length) throw new Error(`${name}: a stylesheet link shares its line with other markup`);
  const first = lines.findIndex(isStyle);
  const indent = first >= 0 ? /^\s*/.exec(lines[first])[0] : '\t\t';
  const kept = lines.filter((line) => !isStyle(line));
  // Where the first style was (before the page's scripts), or at the end of the head if it had none.
  kept.splice(first >= 0 ? first : kept.findIndex((line) => line.includes('</head>')), 0, ...wanted.map((css) => `${indent}<link href="${css}" rel="stylesheet">`));
  writeFileSync(path, kept.join('\n'));
  added += wanted.filter((css) => !present.includes(css)).length;
}
console.log(`Linked ${added} stylesheets that page shells were missing.`);
