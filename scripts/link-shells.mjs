// Links in each page's shell what the page is sure to need and SvelteKit did not name there.
//
// Styles: the stylesheets of every script the shell already preloads.
//
// SvelteKit links a page's styles in its shell only when it can match them to the page's own
// modules; the styles of a chunk shared by several pages (vite.config.ts groups small components into
// one) can escape that match, and are then fetched only once the page's scripts have run: one more
// round trip before the page can show, on every first visit. The manifest says which styles each
// preloaded script needs. Each shell's styles are written again in the order of its scripts (what a
// chunk builds on before the chunk, the page's own last), as SvelteKit writes them when it matches.
//
// The root error page: SvelteKit's start imports it on every page (so that a lost connection later
// can still show an error), but no shell names it, so it was asked for only once the start had run,
// one round trip after the other scripts. Each shell now preloads it with them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './bundle.mjs';

const web = join(root, 'build/web');
const manifest = JSON.parse(readFileSync(join(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'));
const stylesOf = new Map(Object.values(manifest).map((chunk) => [`/${chunk.file}`, (chunk.css ?? []).map((css) => `/${css}`)]));
const STYLE = /<link href="([^"]+)" rel="stylesheet">/g;
const SCRIPT = /<link href="([^"]+)" rel="modulepreload">/g;
const errorChunk = Object.entries(manifest).find(([source]) => source.endsWith('/client-optimized/nodes/1.js'))?.[1];
if (!errorChunk) throw new Error("The build's manifest has no root error page (nodes/1)");
const errorPage = `/${errorChunk.file}`;
// What it builds on: every shell preloads it already (the framework, the root layout's code), else the
// preload would only move the wait to the next round trip.
const errorPageNeeds = (errorChunk.imports ?? []).map((key) => `/${manifest[key].file}`);

let added = 0;
let preloaded = 0;
for (const name of readdirSync(web, { recursive: true, encoding: 'utf8' })) {
  if (!name.endsWith('.html') || name.startsWith('_app')) continue;
  const path = join(web, name);
  const read = readFileSync(path, 'utf8');
  let html = read;
  const preloads = [...html.matchAll(SCRIPT)];
  const scripts = preloads.map((match) => match[1]);
  if (scripts.length && !scripts.includes(errorPage)) {
    const missing = errorPageNeeds.filter((script) => !scripts.includes(script));
    if (missing.length) throw new Error(`${name}: the error page builds on scripts the shell does not preload: ${missing.join(', ')}`);
    // After the last script the shell preloads, on a line of its own, as SvelteKit writes them.
    const last = preloads.at(-1);
    const at = last.index + last[0].length;
    const indent = /[ \t]*$/.exec(html.slice(0, last.index))[0];
    html = `${html.slice(0, at)}\n${indent}<link href="${errorPage}" rel="modulepreload">${html.slice(at)}`;
    preloaded++;
  }
  const unknown = scripts.filter((script) => !stylesOf.has(script));
  // Paths written differently from the manifest's would make this step silently do nothing.
  if (unknown.length) throw new Error(`${name} preloads scripts the build's manifest does not know: ${unknown.join(', ')}`);
  const present = [...html.matchAll(STYLE)].map((match) => match[1]);
  const needed = scripts.filter((script) => script !== errorPage).flatMap((script) => stylesOf.get(script));
  // Styles the shell names that no preloaded script needs stay first, as they were. The error page's,
  // if it ever has some, are left to SvelteKit to load with it: none may block every first paint.
  const wanted = [...new Set([...present.filter((css) => !needed.includes(css)), ...needed])];
  if (wanted.every((css) => present.includes(css))) {
    if (html !== read) writeFileSync(path, html);
    continue;
  }
  const lines = html.split('\n');
  const isStyle = (line) => /^\s*<link href="[^"]+" rel="stylesheet">\s*$/.test(line);
  if (lines.filter(isStyle).length !== present.length) throw new Error(`${name}: a stylesheet link shares its line with other markup`);
  const first = lines.findIndex(isStyle);
  const indent = first >= 0 ? /^\s*/.exec(lines[first])[0] : '\t\t';
  const kept = lines.filter((line) => !isStyle(line));
  // Where the first style was (before the page's scripts), or at the end of the head if it had none.
  kept.splice(
    first >= 0 ? first : kept.findIndex((line) => line.includes('</head>')),
    0,
    ...wanted.map((css) => `${indent}<link href="${css}" rel="stylesheet">`),
  );
  writeFileSync(path, kept.join('\n'));
  added += wanted.filter((css) => !present.includes(css)).length;
}
console.log(`Linked ${added} stylesheets that page shells were missing, and the error page in ${preloaded} shells.`);
