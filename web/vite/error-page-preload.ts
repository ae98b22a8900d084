import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

// Kept on 2026-12-07: in the paired audit (docs/performance.md, "What the build keeps"), the build
// without it painted the youth home's largest content later in 8 of 10 pairs and earlier in 1
// (2.0-2.3 s against 1.9-2.0 s).

/** SvelteKit's manifest of the browser's build: which file each source became, and what it imports. */
type Manifest = Record<string, { file: string; imports?: string[] }>;

const PRELOAD = /<link href="([^"]+)" rel="modulepreload">/g;

/**
 * SvelteKit's start imports the root error page on every page (so that a lost connection later can
 * still show an error), but no page's shell names it: it was asked for only once the start had run,
 * one round trip after the page's other scripts, and the page waited for it. This preloads it in every
 * shell, beside the scripts the shell already preloads, once the adapter has written the shells
 * (the fallback shell, `200.html`, is written by the adapter itself).
 */
export const errorPagePreload = ({ kitDir, webDir }: { kitDir: string; webDir: string }): Plugin => {
  let config: ResolvedConfig;
  return {
    name: 'wishmi:error-page-preload',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      // After SvelteKit's own, which runs the adapter at the end of the server's build.
      sequential: true,
      order: 'post',
      handler() {
        if (!config.build.ssr) return;
        const manifest: Manifest = JSON.parse(readFileSync(join(kitDir, 'output/client/.vite/manifest.json'), 'utf8'));
        const errorChunk = Object.entries(manifest).find(([source]) => source.endsWith('/client-optimized/nodes/1.js'))?.[1];
        if (!errorChunk) throw new Error("The build's manifest has no root error page (nodes/1)");
        const errorPage = `/${errorChunk.file}`;
        // What it builds on: every shell preloads that already (the framework, the root layout's
        // code), else the preload would only move the wait to the next round trip.
        const needs = (errorChunk.imports ?? []).map((key) => `/${manifest[key].file}`);
        let shells = 0;
        let preloaded = 0;
        for (const name of readdirSync(webDir, { recursive: true, encoding: 'utf8' })) {
          if (!name.endsWith('.html')) continue;
          const path = join(webDir, name);
          const html = readFileSync(path, 'utf8');
          const preloads = [...html.matchAll(PRELOAD)];
          const scripts = preloads.map((match) => match[1]);
          if (!scripts.length) continue;
          shells++;
          if (scripts.includes(errorPage)) continue;
          const missing = needs.filter((script) => !scripts.includes(script));
          if (missing.length)
            throw new Error(`${name}: the error page builds on scripts the shell does not preload: ${missing.join(', ')}`);
          // After the last script the shell preloads, on a line of its own, as SvelteKit writes them.
          const last = preloads.at(-1)!;
          const at = last.index + last[0].length;
          const indent = /[ \t]*$/.exec(html.slice(0, last.index))![0];
          writeFileSync(path, `${html.slice(0, at)}\n${indent}<link href="${errorPage}" rel="modulepreload">${html.slice(at)}`);
          preloaded++;
        }
        // A build whose shells preload nothing would make this silently do nothing.
        if (!shells) throw new Error(`No page shell in ${webDir} to preload the error page in`);
        config.logger.info(`The error page is preloaded in ${preloaded} of ${shells} page shells.`);
      },
    },
  };
};
