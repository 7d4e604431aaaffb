#!/usr/bin/env node
// `npm run build:server`: compiles src/ to JavaScript in dist/ (tsc with tsconfig.build.json: same folder layout,
// `.ts` import specifiers rewritten to `.js`), then copies every file of src/ that is not TypeScript — the SQL
// migrations, the region reference data, any future asset — next to the compiled module that reads it, so
// paths made from `import.meta.url` hold in both. dist/portal (the portal's own build) is left alone.
// A copy step rather than a bundler plugin: tsc does not copy assets, and these are plain files.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

// A clean output (a removed source or migration must not live on in dist/), but keep the built portal.
mkdirSync(dist, { recursive: true });
for (const entry of readdirSync(dist)) {
  if (entry !== 'portal') rmSync(join(dist, entry), { recursive: true, force: true });
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

let assets = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(dist, relative(src, from)));
  assets++;
}
// bin/gerbang.js compares this file's time with the sources' to notice a build older than its sources.
writeFileSync(join(dist, 'BUILD'), `${new Date().toISOString()}\n`);
console.log(`built dist/ (${assets} assets copied)`);
