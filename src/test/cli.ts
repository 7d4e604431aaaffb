import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The `gerbang` entry point, as a user runs it. */
export const GERBANG_BIN = join(import.meta.dirname, '../../bin/gerbang.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gerbang …` in its own process to its end, without blocking this one (vitest's own messages keep
 * flowing): the one way the CLI tests call the real command.
 */
export function runCli(args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<CliRun> {
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn('node', [GERBANG_BIN, ...args], { env: opts.env, cwd: opts.cwd ?? process.cwd() });
    let [stdout, stderr] = ['', ''];
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
