import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The module contract (ARCHITECTURE.md): the HTTP layer (src/http) imports the modules, the modules import
 * src/core, and nothing the HTTP layer imports leads back to it. ESLint refuses a module's static import of
 * src/http (eslint.config.js); this suite checks the whole import graph of src/, type-only and dynamic
 * imports included, with a small scanner (no dependency: specifiers are always relative `.ts` paths here).
 */

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const STATIC = /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?['"]([^'"\n]+)['"]/g;
const DYNAMIC = /(?:^|[^\w$.])import\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** The relative specifiers a file imports: imports and re-exports (type-only too), side-effect and dynamic. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const re of [STATIC, DYNAMIC]) {
    for (const m of text.matchAll(re)) if (m[1]!.startsWith('.')) out.push(m[1]!);
  }
  return out;
}

/** The import graph of `root`'s .ts files, by path relative to `root` (POSIX separators). */
export function importGraph(root: string): Map<string, string[]> {
  const files = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split(sep).join('/'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const edges = new Set<string>();
    for (const spec of importsOf(readFileSync(join(root, file), 'utf8'))) {
      const abs = resolve(root, dirname(file), spec.replace(/\.js$/, '.ts'));
      const target = relative(root, abs).split(sep).join('/');
      if (!target.startsWith('..') && existsSync(abs)) edges.add(target);
    }
    graph.set(file, [...edges]);
  }
  return graph;
}

/** The strongly connected components that are cycles (two or more files, or a file importing itself). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the import graph (the module contract)', () => {
  const graph = importGraph(SRC);
  const http = (f: string) => f.startsWith('http/');

  it('sees the graph: the app builder imports the modules', () => {
    // A scanner that read nothing would pass every check below.
    expect(graph.size).toBeGreaterThan(300);
    const fromApp = graph.get('http/app.ts') ?? [];
    expect(fromApp.filter((f) => f.startsWith('modules/')).length).toBeGreaterThan(30);
    expect(fromApp).toContain('core/context.ts');
  });

  it('finds a cycle when there is one', () => {
    const g = new Map([
      ['http/app.ts', ['modules/a/a.routes.ts']],
      ['modules/a/a.routes.ts', ['core/errors.ts', 'modules/a/a.service.ts']],
      ['modules/a/a.service.ts', ['http/app.ts']],
      ['core/errors.ts', []],
    ]);
    expect(cyclesOf(g)).toEqual([['http/app.ts', 'modules/a/a.routes.ts', 'modules/a/a.service.ts']]);
    g.set('modules/a/a.service.ts', ['core/errors.ts']);
    expect(cyclesOf(g)).toEqual([]);
    expect(importsOf("import type {\n  A,\n  type B,\n} from '../../http/app.ts';")).toEqual([
      '../../http/app.ts',
    ]);
    expect(importsOf("const m = await import('./x.ts');\nexport * from './y.ts';")).toEqual([
      './y.ts',
      './x.ts',
    ]);
  });

  it('has no cycle through src/http', () => {
    const through = cyclesOf(graph).filter((scc) => scc.some(http));
    const named = through.map((scc) => `a cycle of ${scc.length} files: ${scc.join(', ')}`);
    expect(through, named.join('\n')).toEqual([]);
  });

  it('has no import cycle at all (the CLI, the modules and the audit path included)', () => {
    const named = cyclesOf(graph).map((scc) => `a cycle of ${scc.length} files: ${scc.join(', ')}`);
    expect(named).toEqual([]);
  });

  it('no module and nothing in src/core imports src/http', () => {
    const offending = [...graph]
      .filter(([file]) => file.startsWith('modules/') || file.startsWith('core/'))
      .flatMap(([file, edges]) => edges.filter(http).map((to) => `${file} → ${to}`));
    expect(offending).toEqual([]);
  });
});
