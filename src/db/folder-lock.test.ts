import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './db.ts';
import {
  acquireFolderLock,
  FolderLockedError,
  LOCK_FILE,
  liveFolderOwner,
  processStartOf,
  type LockOwner,
} from './folder-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'gerbang-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${n++}`);
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockOwner;
const writeLock = (dir: string, owner: Partial<LockOwner>) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({
      pid: 1,
      host: hostname(),
      processStart: null,
      since: '2026-01-01T00:00:00.000Z',
      command: 'gerbang serve',
      ...owner,
    }),
  );
};
/** The pid of a process that has ended. */
const deadPid = () => spawnSync('node', ['-e', '0']).pid!;

describe('folder lock', () => {
  it('is taken with the owner named, refused to a second opener while held, gone when released', () => {
    const dir = fresh();
    const lock = acquireFolderLock(dir, 'gerbang serve');
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, host: hostname(), command: 'gerbang serve' });
    expect(lockOf(dir).processStart).toBe(processStartOf(process.pid));
    expect(() => acquireFolderLock(dir)).toThrow(FolderLockedError);
    expect(liveFolderOwner(dir)?.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(liveFolderOwner(dir)).toBeNull();
    acquireFolderLock(dir).release();
  });

  it('refuses while a live process holds it, naming it and what to do', async () => {
    const dir = fresh();
    const holder = spawn('node', ['-e', 'setTimeout(() => {}, 600000)']);
    try {
      await new Promise((r) => holder.once('spawn', r));
      writeLock(dir, {
        pid: holder.pid!,
        processStart: processStartOf(holder.pid!),
        command: 'gerbang generate',
      });
      const err = (() => {
        try {
          acquireFolderLock(dir, 'gerbang office list');
        } catch (e) {
          return e as FolderLockedError;
        }
      })();
      expect(err).toBeInstanceOf(FolderLockedError);
      expect(err!.message).toContain(`in use by gerbang generate (pid ${holder.pid}`);
      expect(err!.message).toContain('Wait for it to finish');
      expect(lockOf(dir).pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock whose owner is dead, or whose pid now belongs to another process', () => {
    const dead = fresh();
    writeLock(dead, { pid: deadPid() });
    acquireFolderLock(dead, 'gerbang serve').release();

    // The pid is alive (this very process's parent) but started at another time: a reused pid.
    const reused = fresh();
    writeLock(reused, { pid: process.ppid, processStart: 'another-boot:1' });
    const lock = acquireFolderLock(reused);
    expect(lockOf(reused).pid).toBe(process.pid);
    lock.release();

    // A lock file that is not an owner record at all.
    const garbage = fresh();
    mkdirSync(garbage);
    writeFileSync(join(garbage, LOCK_FILE), 'not json');
    acquireFolderLock(garbage).release();
  });

  it('refuses a lock of another host, saying which file to delete if nothing runs there', () => {
    const dir = fresh();
    writeLock(dir, { host: 'mesin-lain', pid: deadPid() });
    expect(() => acquireFolderLock(dir)).toThrow(/on host mesin-lain.*delete .*gerbang\.lock/);
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const dir = fresh();
    const lock = acquireFolderLock(dir);
    writeLock(dir, { pid: 424242, command: 'someone else' });
    lock.release();
    expect(lockOf(dir).command).toBe('someone else');
  });

  it('lets exactly one of many processes racing for a folder have it, also when breaking a dead lock', async () => {
    for (const stale of [false, true]) {
      const dir = fresh();
      if (stale) writeLock(dir, { pid: deadPid() });
      const script = join(root, `race${n}.ts`);
      writeFileSync(
        script,
        `import { acquireFolderLock } from ${JSON.stringify(join(import.meta.dirname, 'folder-lock.ts'))};
let won = false;
try { acquireFolderLock(${JSON.stringify(dir)}, 'racer'); won = true; } catch {}
process.stdout.write(won ? 'won\\n' : 'lost\\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));\n`,
      );
      const racers = Array.from({ length: 6 }, () => spawn('node', ['--import', 'tsx', script]));
      const results = await Promise.all(
        racers.map(
          (p) =>
            new Promise<string>((resolve) => {
              let out = '';
              p.stdout.setEncoding('utf8').on('data', (d: string) => {
                out += d;
                if (out.includes('\n')) resolve(out.trim());
              });
              p.once('exit', () => resolve(out.trim() || 'exited'));
            }),
        ),
      );
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
      expect(results.filter((r) => r === 'lost')).toHaveLength(5);
      const winner = racers[results.indexOf('won')]!;
      expect(lockOf(dir).pid).toBe(winner.pid);
      // Released on exit.
      await Promise.all(racers.map((p) => new Promise((r) => (p.once('exit', r), p.stdin.end()))));
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    }
  }, 120_000);

  it('guards openPglite: a second open of the same folder is refused, and close releases it', async () => {
    const dir = fresh();
    const db = await openPglite(dir);
    await expect(openPglite(dir)).rejects.toThrow(FolderLockedError);
    expect((await db.query<{ x: number }>('SELECT 1 AS x')).rows[0]!.x).toBe(1);
    await db.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openPglite(dir);
    await again.close();
    // In memory: no folder, no lock.
    await (await openPglite()).close();
  }, 120_000);
});
