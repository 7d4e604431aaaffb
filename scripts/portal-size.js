#!/usr/bin/env node
// `npm run size:portal` (after `npm run build:portal`): the JavaScript a first visit loads, gzipped, for the
// sign-in and for the operator's two screens (issue #18: ≤ 150 kB each). A page loads the entry script of
// dist/portal/index.html, its modulepreloads, and — for a screen — that screen's lazy chunk with every chunk it
// imports statically. Exits 1 when one is over the budget, so the budget holds in CI.
// By hand rather than a bundle analyser: the rule (an entry and its static imports) is a few lines, and the
// figure wanted is exactly what the browser fetches.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'portal');
const assets = join(dist, 'assets');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('portal-size: dist/portal/index.html is missing; run `npm run build:portal` first');
  process.exit(1);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [
  ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/assets\/([^"]+\.js)"/g),
].map((m) => m[1]);

/** `file` and every chunk it imports statically (`import … from "./x.js"`, `import "./x.js"`). */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(assets, file), 'utf8');
  for (const [, dep] of text.matchAll(/(?:\bfrom\s*|\bimport\s*)"\.\/([^"]+\.js)"/g)) closure(dep, seen);
  return seen;
}

const chunkOf = (screen) => {
  const found = readdirSync(assets).filter((f) => f.startsWith(`${screen}-`) && f.endsWith('.js'));
  if (found.length !== 1)
    throw new Error(`portal-size: expected one chunk of ${screen}, found ${found.length}`);
  return found[0];
};

const pages = {
  'sign-in': entry,
  'operator look-up': [...entry, chunkOf('Lookup')],
  'operator verification': [...entry, chunkOf('Verify')],
};
let over = false;
for (const [page, roots] of Object.entries(pages)) {
  const files = new Set();
  for (const r of roots) closure(r, files);
  const bytes = [...files].reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0);
  const kb = bytes / 1000;
  if (kb > BUDGET_KB) over = true;
  console.log(
    `${page.padEnd(22)} ${kb.toFixed(1).padStart(6)} kB gzip  ${files.size} files${kb > BUDGET_KB ? `  OVER ${BUDGET_KB} kB` : ''}`,
  );
}
if (over) process.exit(1);
