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

export async function startGateway(opts: {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  /** 'inherit' shows the gateway's own output (the benchmark); tests keep it quiet or collect it ('pipe'). */
  stdio?: 'inherit' | 'ignore' | 'pipe';
  /** How many readiness probes (20 ms apart) before giving up; a fresh embedded folder migrates first. */
  readyProbes?: number;
}): Promise<Gateway> {
  const port = opts.port ?? 21_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn('node', [BIN, 'serve'], {
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
    stdio: ['ignore', opts.stdio ?? 'ignore', opts.stdio ?? 'ignore'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let readyMs = -1;
  for (let i = 0; i < (opts.readyProbes ?? 600) && child.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/ready`)).ok) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (readyMs < 0) {
    child.kill('SIGKILL');
    throw new Error(`the gateway on port ${port} did not become ready`);
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
