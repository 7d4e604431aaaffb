import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import {
  currentCommand,
  FolderLockedError,
  heldFolderLock,
  liveFolderOwner,
  type LockOwner,
} from '../db/folder-lock.ts';

/**
 * The local admin channel of a server on an embedded (PGlite) data folder.
 *
 * Only one process may open the folder (folder-lock.ts). While a server owns it, a `gerbang` command that
 * needs the database does not open a second PGlite: it sends its arguments over a Unix domain socket in the
 * data folder (`gerbang-admin.sock`, mode 0600: only the folder's owner, who could read the database files
 * anyway) and the server parses them with the same commander program and runs the same action, inside the
 * server process, on the server's database. What the action prints and its exit code come back and are
 * replayed by the CLI. One dispatcher for every command: the commands' `withDb` gives them the server's
 * database when they run in the server (`cliContext`).
 *
 * Protocol: the CLI writes one JSON line `{argv, cwd}`; the server answers JSON lines `{out}` / `{err}`
 * (output, as it is written) and finally `{exit}`.
 */

export const ADMIN_SOCKET = 'gerbang-admin.sock';

interface CliContext {
  db: Db;
  config: Config;
  /** The CLI's working directory: relative file arguments are resolved against it, not the server's. */
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

const cliContext = new AsyncLocalStorage<CliContext>();

/** The CLI's program, handed over by the entry (main.ts) before it starts a server: what runs a sent command. */
let cli: { program: Command; reportCliError: (err: unknown) => void } | null = null;
export function useCliProgram(program: Command, reportCliError: (err: unknown) => void): void {
  cli = { program, reportCliError };
}

/** A file argument of a command, resolved against the directory the user ran `gerbang` in. */
export function cliPath(path: string): string {
  return resolve(cliContext.getStore()?.cwd ?? process.cwd(), path);
}

/**
 * The `withDb` of every command. In the server (a command that came over the admin socket): the server's
 * database. In the CLI with DATABASE_URL: opened and closed as always. In the CLI on a data folder that a
 * live server owns: the command is sent to that server and its output relayed (the result is undefined;
 * commander ignores what an action returns). Otherwise the folder is opened, which takes its lock.
 */
export async function withCliDatabase<T>(
  fn: (db: Db, config: Config) => Promise<T>,
  loadConfig: () => Config,
  open: (config: Config) => Promise<Db>,
): Promise<T> {
  const inServer = cliContext.getStore();
  if (inServer) return fn(inServer.db, inServer.config);
  const config = loadConfig();
  if (!config.databaseUrl) {
    const owner = liveFolderOwner(config.dataDir);
    if (owner?.adminSocket) {
      process.exitCode = await sendToServer(config.dataDir, owner, process.argv.slice(2));
      return undefined as T;
    }
    // No live owner: open it (a process that took it in the meantime is named by the lock's refusal).
  }
  const db = await open(config);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/** Sends a command to the server that owns the folder and relays its output; resolves to its exit code. */
async function sendToServer(dataDir: string, owner: LockOwner, argv: string[]): Promise<number> {
  process.stderr.write(
    `gerbang: the server (pid ${owner.pid}) owns ${resolve(dataDir)}; running \`${currentCommand(argv)}\` in it\n`,
  );
  const socket = createConnection(owner.adminSocket!);
  return new Promise<number>((done, fail) => {
    let exit: number | undefined;
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ argv, cwd: process.cwd() })}\n`);
    });
    socket.on('error', (err) => {
      if (connected) return; // reported by 'close' below
      fail(
        new FolderLockedError(
          dataDir,
          owner,
          `The embedded database in ${resolve(dataDir)} is owned by the Gerbang server pid ${owner.pid}, but its ` +
            `admin channel (${owner.adminSocket}) does not answer (${(err as NodeJS.ErrnoException).code}). ` +
            `Run this again in a moment, or stop that server first (Ctrl-C, or kill ${owner.pid}).`,
        ),
      );
    });
    createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      const frame = JSON.parse(line) as { out?: string; err?: string; exit?: number };
      if (frame.out !== undefined) process.stdout.write(frame.out);
      if (frame.err !== undefined) process.stderr.write(frame.err);
      if (frame.exit !== undefined) exit = frame.exit;
    });
    socket.on('close', () => {
      if (!connected) return;
      if (exit !== undefined) done(exit);
      else
        fail(
          new Error(
            `The server (pid ${owner.pid}) closed the admin channel before the command finished; ` +
              'whether it took effect is unknown: check, then run it again if needed.',
          ),
        );
    });
  });
}

export interface LocalAdmin {
  readonly socketPath: string;
  close(): Promise<void>;
}

/** Commands that never run inside a server: they are servers (or set one up) themselves. */
const NOT_IN_SERVER = new Set(['serve', 'demo']);

/**
 * Starts the admin channel of a server that owns its embedded data folder (null when it owns none: PostgreSQL
 * or in-memory). Records the socket in the folder's lock, where the CLI looks for it.
 */
export async function startLocalAdmin(
  db: Db,
  config: Config,
  log?: { info(obj: object, msg: string): void },
): Promise<LocalAdmin | null> {
  const lock = config.databaseUrl ? undefined : heldFolderLock(config.dataDir);
  if (!lock) return null;
  let socketPath = join(lock.dataDir, ADMIN_SOCKET);
  let privateDir: string | undefined;
  // A Unix socket path is limited to ~107 bytes; a deep DATA_DIR gets one in a private (0700) temp folder.
  if (Buffer.byteLength(socketPath) > 100) {
    privateDir = mkdtempSync(join(tmpdir(), 'gerbang-admin-'));
    socketPath = join(privateDir, ADMIN_SOCKET);
  }
  // A socket file left by a killed server: the folder's lock is ours, so it is nobody's.
  unlinkQuiet(socketPath);
  installOutputCapture();

  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((socket) => {
    socket.on('error', () => {}); // a CLI that went away: its command still finishes
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) {
        if (buffered.length > 1 << 20) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const request = parseRequest(buffered.slice(0, nl));
      // One command at a time: process.exitCode is per process, and the commands were written for a process
      // of their own.
      const run = queue.then(() => serve(socket, request));
      queue = run.catch(() => {});
    };
    socket.on('data', onData);
  });

  const serve = async (socket: Socket, request: { argv: string[]; cwd: string } | null) => {
    const send = (frame: object) => {
      if (socket.writable) socket.write(`${JSON.stringify(frame)}\n`);
    };
    let code: number;
    if (!request) {
      send({ err: 'gerbang: malformed admin request\n' });
      code = 2;
    } else if (NOT_IN_SERVER.has(request.argv[0] ?? '')) {
      send({ err: `gerbang: \`${request.argv[0]}\` does not run inside a running server\n` });
      code = 1;
    } else {
      log?.info({ command: currentCommand(request.argv) }, 'CLI command over the local admin socket');
      code = await runInServer(request.argv, {
        db,
        config,
        cwd: request.cwd,
        out: (text) => send({ out: text }),
        err: (text) => send({ err: text }),
      });
    }
    send({ exit: code });
    socket.end();
  };

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    // The socket is created with mode 0600 (umask while binding, then chmod): only the folder's owner.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, () => ok());
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(socketPath, 0o600);
  lock.update({ adminSocket: socketPath });

  return {
    socketPath,
    close: async () => {
      lock.update({ adminSocket: undefined });
      await new Promise<void>((ok) => server.close(() => ok()));
      unlinkQuiet(socketPath);
      if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    },
  };
}

function parseRequest(line: string): { argv: string[]; cwd: string } | null {
  try {
    const r = JSON.parse(line) as { argv?: unknown; cwd?: unknown };
    if (!Array.isArray(r.argv) || !r.argv.every((a) => typeof a === 'string')) return null;
    if (typeof r.cwd !== 'string' || !r.cwd.startsWith('/')) return null;
    return { argv: r.argv as string[], cwd: r.cwd };
  } catch {
    return null;
  }
}

/**
 * Runs `argv` with the CLI's own commander program, in this process, with `ctx` as the commands' database
 * and output; returns the exit code the command would have ended with.
 */
async function runInServer(argv: string[], ctx: CliContext): Promise<number> {
  if (!cli) {
    ctx.err(
      'gerbang: this server was not started by the gerbang command; stop it to run commands on its folder',
    );
    return 1;
  }
  const { program, reportCliError } = cli;
  // commander would call process.exit on --help or a parse error; here it throws instead.
  const prepare = (cmd: typeof program) => {
    cmd.exitOverride();
    cmd.commands.forEach(prepare);
  };
  prepare(program);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    return await cliContext.run(ctx, async () => {
      try {
        await program.parseAsync(argv, { from: 'user' });
        return Number(process.exitCode ?? 0);
      } catch (err) {
        const commander = err as { code?: string; exitCode?: number };
        if (typeof commander.code === 'string' && commander.code.startsWith('commander.')) {
          return commander.exitCode ?? 1;
        }
        reportCliError(err);
        return 1;
      }
    });
  } finally {
    process.exitCode = before;
  }
}

let captureInstalled = false;
/**
 * Output written while a command runs for the CLI goes to the CLI, everything else (the server's own output)
 * where it always went. Patched once, at the stream: console.* and direct writes both end there. By hand: no
 * library scopes process.stdout by async context.
 */
function installOutputCapture() {
  if (captureInstalled) return;
  captureInstalled = true;
  for (const [stream, pick] of [
    [process.stdout, (c: CliContext) => c.out],
    [process.stderr, (c: CliContext) => c.err],
  ] as const) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown) => {
      const ctx = cliContext.getStore();
      if (!ctx) return (original as (...a: unknown[]) => boolean)(chunk, encoding, cb);
      pick(ctx)(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = typeof encoding === 'function' ? encoding : cb;
      if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
      return true;
    }) as typeof stream.write;
  }
}

function unlinkQuiet(path: string) {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}
