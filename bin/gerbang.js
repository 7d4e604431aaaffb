#!/usr/bin/env node
// Entry point of the `gerbang` command. It runs the compiled JavaScript in dist/ (`npm run build`) when it is
// there — what a production install (`npm ci --omit=dev`) has. Otherwise, with GERBANG_SOURCE=1 (the test
// suites set it), or when src/ has changed since the last build, it runs the TypeScript sources through tsx's
// loader, a development dependency.
import { existsSync, readdirSync, statSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const stamp = new URL('../dist/BUILD', import.meta.url);
const sources = new URL('../src/', import.meta.url);

/** True when a file in src/ is newer than the build (a checkout with its sources, edited after building). */
function buildIsStale() {
  if (!existsSync(sources)) return false;
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return readdirSync(sources, { recursive: true, withFileTypes: true }).some(
    (e) => e.isFile() && statSync(`${e.parentPath}/${e.name}`).mtimeMs > built,
  );
}

function canResolve(specifier) {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

let fromSource = process.env.GERBANG_SOURCE === '1' || !existsSync(compiled);
if (!fromSource && buildIsStale()) {
  fromSource = canResolve('tsx/esm/api');
  console.error(
    fromSource
      ? 'gerbang: src/ has changed since the last build; running the sources (`npm run build` to use dist/)'
      : 'gerbang: warning: src/ has changed since the last build of dist/; run `npm run build`',
  );
}

if (fromSource) {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    console.error(
      'gerbang: no compiled code in dist/ and no tsx to run the sources: run `npm run build` in a full install',
    );
    process.exit(1);
  }
  tsx.register();
  await import('../src/cli/main.ts');
} else {
  await import(compiled.href);
}
