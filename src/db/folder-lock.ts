import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * One owner per embedded data folder. PGlite is PostgreSQL in one process with no shared memory or postmaster
 * between processes: a second PGlite on the same folder sees a stale copy, loses its own writes, and can leave
 * the folder unopenable. So whoever opens a PGlite folder (server or CLI) first takes `gerbang.lock` in it.
 *
 * Written by hand rather than with proper-lockfile: that library judges a lock stale by its age (an mtime a
 * timer keeps touching), so after a `kill -9` the folder stays blocked for the stale period and a busy event
 * loop can lose a live lock. Here the lock names its owner (pid, the process's start time, host), so a dead
 * owner is known at once and a reused pid is told apart by its start time.
 *
 * - Taking: the owner record is written to a private temporary file and hard-linked to `gerbang.lock`
 *   (link() fails with EEXIST atomically, like O_EXCL, and the lock never exists half-written).
 * - A lock whose owner is dead (or a pid reused by another process) is broken under a second lock,
 *   `gerbang.lock.break`, held only for the few system calls of the break: the holder re-reads the lock and
 *   removes it only if it is still the one judged dead, so two processes breaking at once cannot both win.
 * - Released when the database closes, and on process exit; a killed process leaves a lock that the next
 *   opener finds dead.
 */

export const LOCK_FILE = 'gerbang.lock';

export interface LockOwner {
  pid: number;
  host: string;
  /** Linux: boot id and start time of the process in clock ticks (/proc/<pid>/stat); null elsewhere. */
  processStart: string | null;
  /** ISO 8601, when the lock was taken. */
  since: string;
  /** What holds it: `gerbang serve`, `gerbang demo`, `gerbang generate`, … (never option values). */
  command: string;
  /** Set by a server once it accepts CLI commands over its local admin socket. */
  adminSocket?: string;
}

export class FolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    detail?: string,
  ) {
    super(detail ?? describeLockRefusal(dataDir, owner));
    this.name = 'FolderLockedError';
  }
}

/** The message a refused opener prints: who holds the folder and what to do. */
export function describeLockRefusal(dataDir: string, owner: LockOwner, wanted = currentCommand()): string {
  const who = `${owner.command} (pid ${owner.pid}${owner.host !== hostname() ? ` on host ${owner.host}` : ''}, since ${owner.since})`;
  const head = `The embedded database in ${dataDir} is in use by ${who}; only one process may open it.`;
  if (owner.host !== hostname()) {
    return `${head} If no Gerbang process runs there any more, delete ${join(dataDir, LOCK_FILE)}.`;
  }
  const isServer = /\b(serve|demo)\b/.test(owner.command);
  if (/\b(serve|demo)\b/.test(wanted) && isServer) {
    return (
      `${head} A second server on the same folder is refused: stop the running one first ` +
      `(Ctrl-C, or kill ${owner.pid}), or give this one its own DATA_DIR (and PORT). Several servers share ` +
      `one database only through PostgreSQL (DATABASE_URL).`
    );
  }
  if (isServer) {
    return (
      `${head} The server is not accepting commands yet (it is still starting up); run this again once it ` +
      `answers, and the command will run inside it. Or stop it (Ctrl-C, or kill ${owner.pid}) first.`
    );
  }
  return `${head} Wait for it to finish (or stop it: kill ${owner.pid}), then run this again.`;
}

/** `gerbang <command> [<subcommand>]` from argv: the words, never option values (they may be passwords). */
export function currentCommand(argv = process.argv.slice(2)): string {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    words.push(a);
    if (words.length === 2) break;
  }
  return words.length > 0 ? `gerbang ${words.join(' ')}` : 'a Gerbang process';
}

export interface FolderLock {
  readonly dataDir: string;
  owner(): LockOwner;
  /** Rewrites the owner record (atomically: a temporary file renamed over the lock). */
  update(change: Partial<Pick<LockOwner, 'adminSocket' | 'command'>>): void;
  release(): void;
}

const held = new Map<string, HeldLock>();
let exitHookInstalled = false;

/** The lock this process holds on `dataDir`, if any. */
export function heldFolderLock(dataDir: string): FolderLock | undefined {
  return held.get(resolve(dataDir));
}

/**
 * Takes the lock of `dataDir` (creating the folder) or throws FolderLockedError naming the live owner.
 * A lock left by a dead process is broken and taken.
 */
export function acquireFolderLock(dataDir: string, command = currentCommand()): FolderLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE);
  const mine: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartOf(process.pid),
    since: new Date().toISOString(),
    command,
  };
  if (held.has(dir)) throw new FolderLockedError(dir, mine);
  // Bounded: each round either takes the lock, finds a live owner, or breaks a dead one.
  for (let round = 0; round < 20; round++) {
    if (linkNew(lockPath, mine)) {
      const lock = new HeldLock(dir, lockPath, mine);
      held.set(dir, lock);
      installExitHook();
      return lock;
    }
    const current = readRaw(lockPath);
    if (current === null) continue; // released in between: try again
    const owner = parseOwner(current);
    if (owner && ownerAlive(owner)) throw new FolderLockedError(dir, owner);
    breakStale(lockPath, current);
  }
  throw new Error(`Could not take ${lockPath}: it keeps changing hands; try again`);
}

/** The folder's lock as it stands: its owner and whether that owner lives (null: no lock, or a dead one). */
export function liveFolderOwner(dataDir: string): LockOwner | null {
  const raw = readRaw(join(resolve(dataDir), LOCK_FILE));
  const owner = raw === null ? null : parseOwner(raw);
  return owner && ownerAlive(owner) ? owner : null;
}

class HeldLock implements FolderLock {
  constructor(
    readonly dataDir: string,
    private readonly lockPath: string,
    private current: LockOwner,
  ) {}

  owner(): LockOwner {
    return this.current;
  }

  update(change: Partial<Pick<LockOwner, 'adminSocket' | 'command'>>): void {
    const next = { ...this.current, ...change };
    const tmp = `${this.lockPath}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
    renameSync(tmp, this.lockPath);
    this.current = next;
  }

  release(): void {
    if (held.get(this.dataDir) !== this) return;
    held.delete(this.dataDir);
    // Removed only while it is still ours (a lock judged dead and broken by another process is not).
    const raw = readRaw(this.lockPath);
    if (raw !== null && raw === JSON.stringify(this.current)) unlinkQuiet(this.lockPath);
  }
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit() and the end of the event loop; SIGKILL leaves the lock, which the next opener finds dead.
  process.on('exit', () => {
    for (const lock of [...held.values()]) lock.release();
  });
}

/** Writes `owner` to a temporary file and hard-links it to `path`; false when `path` exists. */
function linkNew(path: string, owner: LockOwner): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuiet(tmp);
  }
}

/** Removes the lock whose text was `judged` (its owner dead), under the break lock. */
function breakStale(lockPath: string, judged: string): void {
  const breakPath = `${lockPath}.break`;
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartOf(process.pid),
    since: new Date().toISOString(),
    command: 'breaking a stale lock',
  };
  if (!linkNew(breakPath, me)) {
    // Another process is breaking it right now (a few system calls), or died doing so.
    const other = readRaw(breakPath);
    const breaker = other === null ? null : parseOwner(other);
    if (other !== null && !(breaker && ownerAlive(breaker)) && readRaw(breakPath) === other) {
      unlinkQuiet(breakPath);
    }
    return;
  }
  try {
    if (readRaw(lockPath) === judged) unlinkQuiet(lockPath);
  } finally {
    unlinkQuiet(breakPath);
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const o = JSON.parse(raw) as LockOwner;
    return Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string' ? o : null;
  } catch {
    // Not ours or unreadable: treated as a dead owner's lock (links never leave a half-written one).
    return null;
  }
}

/** Whether the owner process still runs. A lock of another host cannot be checked and counts as live. */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) {
    // This process: live only if it holds the lock itself (else the pid was reused, e.g. after a container restart).
    return [...held.values()].some((l) => l.owner().since === owner.since && l.owner().pid === owner.pid);
  }
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it exists, under another user.
  }
  const start = processStartOf(owner.pid);
  return !(owner.processStart && start && start !== owner.processStart);
}

let bootId: string | null | undefined;
/** Linux: "<boot id>:<start time in clock ticks>" of a process, which a reused pid does not share. */
export function processStartOf(pid: number): string | null {
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[22 - 3];
    return ticks ? `${bootId}:${ticks}` : null;
  } catch {
    bootId ??= null;
    return null;
  }
}

function unlinkQuiet(path: string) {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
