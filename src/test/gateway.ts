import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/gerbang.js');

/** A gateway process (`gerbang serve`) on a real PostgreSQL, for the benchmark and the multi-process tests. */
export interface Gateway {
  process: ChildProcess;
  base: string;
  /** Milliseconds from spawn to the first successful `GET /ready`. */
  readyMs: number;
  /** What the gateway wrote to stdout and stderr so far (with `stdio: 'pipe'`). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A random port for a test server, below Linux's ephemeral range (32768–60999): a port in that range can be the
 * local end of one of the run's own client connections (to PostgreSQL, say), and listening on it then fails.
 */
export function testPort(): number {
  return 20_000 + Math.floor(Math.random() * 12_000);
}

export interface GatewayOptions {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  /** 'inherit' shows the gateway's own output (the benchmark); tests keep or collect it ('pipe', the default). */
  stdio?: 'inherit' | 'ignore' | 'pipe';
  /** How many readiness probes (20 ms apart) before giving up; a fresh embedded folder migrates first. */
  readyProbes?: number;
  /** Options for node itself, before the script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** Ready only once the output (collected: stdio 'pipe') also matches this (e.g. every worker listening). */
  readyWhen?: RegExp;
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  // A random port can still be taken by another server of the same test run; only then is another one tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (!(err instanceof PortTaken) || opts.port !== undefined || attempt === 3) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(opts: GatewayOptions): Promise<Gateway> {
  const port = opts.port ?? testPort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // Output is always collected unless the caller shows it ('inherit'), so a gateway that fails to start says why.
  const stdio = opts.stdio ?? 'pipe';
  const child = spawn('node', [...(opts.nodeArgs ?? []), BIN, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      // One process, whose pid is the gateway's (tests kill it); GATEWAY_PROCESSES in `env` asks for more.
      GATEWAY_PROCESSES: '1',
      ...opts.env,
    },
    stdio: ['ignore', stdio, stdio],
  });
  let output = '';
  const collect = (d: Buffer): void => {
    output += d.toString();
    // Keep the last 64 KiB: a long-running gateway's warnings must not grow without bound.
    if (output.length > 131_072) output = output.slice(-65_536);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let readyMs = -1;
  for (
    let i = 0;
    i < (opts.readyProbes ?? 600) && child.exitCode === null && child.signalCode === null;
    i++
  ) {
    try {
      if ((await fetch(`${base}/ready`)).ok && (!opts.readyWhen || opts.readyWhen.test(output))) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (readyMs < 0) {
    const stillRunning = child.exitCode === null && child.signalCode === null;
    if (stillRunning) child.kill('SIGKILL');
    await exited;
    if (/EADDRINUSE/.test(output)) throw new PortTaken(`port ${port} is taken`);
    const how = stillRunning
      ? `was not ready after ${Math.round(performance.now() - started)} ms`
      : `exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready`;
    throw new Error(`the gateway on port ${port} ${how}; its last output:\n${output.slice(-4000)}`);
  }
  return {
    process: child,
    base,
    readyMs,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
