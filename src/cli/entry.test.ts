import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Which code `bin/gerbang.js` runs: the build in dist/ when it is there and not older than src/, else the
 * sources through tsx. Run on a copy of the real entry point beside a stand-in build and stand-in sources
 * that each say which one ran (building the real thing is `.ci/prod-install`'s work).
 */
const ROOT = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function layout(opts: { dist: boolean; src: boolean; modules?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-entry-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin/gerbang.js'), join(dir, 'bin/gerbang.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  if (opts.modules !== false) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  // Sources two hours old, the build one hour old: fresh, whatever the clock's granularity.
  const [older, old] = [new Date(Date.now() - 7_200_000), new Date(Date.now() - 3_600_000)];
  if (opts.src) {
    mkdirSync(join(dir, 'src/cli'), { recursive: true });
    // TypeScript only tsx can run: proves the sources went through its loader.
    writeFileSync(join(dir, 'src/cli/main.ts'), "const ran: string = 'source';\nconsole.log(ran);\n");
    utimesSync(join(dir, 'src/cli/main.ts'), older, older);
  }
  if (opts.dist) {
    mkdirSync(join(dir, 'dist/cli'), { recursive: true });
    writeFileSync(join(dir, 'dist/cli/main.js'), "console.log('compiled');\n");
    writeFileSync(join(dir, 'dist/BUILD'), 'stand-in\n');
    utimesSync(join(dir, 'dist/BUILD'), old, old);
  }
  return dir;
}

const run = (dir: string, env: Record<string, string> = {}) => {
  const { GERBANG_SOURCE: _ignored, ...inherited } = process.env;
  const r = spawnSync('node', [join(dir, 'bin/gerbang.js')], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
};

describe('bin/gerbang.js', () => {
  it('runs the build when it is there and current', () => {
    const r = run(layout({ dist: true, src: true }));
    expect(r).toMatchObject({ status: 0, stdout: 'compiled' });
    expect(r.stderr).toBe('');
  });

  it('runs the build of a production install (no src/)', () => {
    expect(run(layout({ dist: true, src: false }))).toMatchObject({ status: 0, stdout: 'compiled' });
  });

  it('runs the sources through tsx when there is no build, or when GERBANG_SOURCE=1', () => {
    expect(run(layout({ dist: false, src: true }))).toMatchObject({ status: 0, stdout: 'source' });
    expect(run(layout({ dist: true, src: true }), { GERBANG_SOURCE: '1' })).toMatchObject({
      status: 0,
      stdout: 'source',
    });
  });

  it('without a build and without tsx, says to build and exits with status 1', () => {
    const r = run(layout({ dist: false, src: true, modules: false }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('run `npm run build`');
  });

  it('runs the sources, and says so, when a source file is newer than the build', () => {
    const dir = layout({ dist: true, src: true });
    writeFileSync(join(dir, 'src/cli/changed.ts'), 'export {};\n');
    const r = run(dir);
    expect(r).toMatchObject({ status: 0, stdout: 'source' });
    expect(r.stderr).toContain('src/ has changed since the last build');
  });
});
