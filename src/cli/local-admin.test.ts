import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../db/folder-lock.ts';
import { generateResidents } from '../modules/residents/residents.generator.ts';
import { residentsCsvHeader, residentToCsvRow } from '../modules/residents/residents.import.ts';
import { GERBANG_BIN, runCli, type CliRun } from '../test/cli.ts';
import { startGateway, type Gateway } from '../test/gateway.ts';
import { ADMIN_SOCKET } from './local-admin.ts';

/**
 * The CLI beside a running server on one embedded (PGlite) data folder: real processes on a real folder.
 * One folder for the whole file, steps in order (each builds on the one before, as an operator would).
 */
const root = mkdtempSync(join(tmpdir(), 'gerbang-own-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, 'data');
const elsewhere = join(root, 'elsewhere');
mkdirSync(elsewhere);

const PASSWORD = 'Uji-Gerbang-2026-kunci';
const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  DATABASE_URL: '',
  DATA_DIR: dir,
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  LOCKOUT_THRESHOLD: '3',
  ...extra,
});

/** Runs `gerbang …` on this file's folder (or the one `opts.env` names) to its end. */
const run = (args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) =>
  runCli(args, { env: env(opts.env), ...(opts.cwd ? { cwd: opts.cwd } : {}) });
const json = (r: CliRun) => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown> & { id: string };
};

let gateway: Gateway | undefined;
// A fresh folder migrates and loads the regions before it is ready: on a busy CI machine that takes a while.
const serve = async () => (gateway = await startGateway({ databaseUrl: '', env: env(), readyProbes: 6_000 }));
afterAll(() => gateway?.stop('SIGKILL'));

const api = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
  const res = await fetch(`${gateway!.base}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const signIn = (username: string, password = PASSWORD) =>
  api('/v1/auth/token', { body: { username, password } });
const token = async () => {
  const r = await signIn('pusat.satu');
  expect(r.status).toBe(200);
  return r.body.token as string;
};
/** Refused wire calls: each is one access-audit row written by the server. */
const refusedWireCalls = async (n: number) => {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${gateway!.base}/dukcapil/get_json/TIDAK_ADA/CALL_NIK`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        USER_ID: 'tidak.ada',
        PASSWORD: 'salah',
        IP_USER: '127.0.0.1',
        NIK: '3301010101900001',
      }),
    });
    expect(res.status).toBe(200);
  }
};
const auditVerify = async () => {
  const r = await run(['audit', 'verify', '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { ok: boolean; rowsChecked: number };
};

const ids: Record<string, string> = {};
const LONG = 900_000;

describe('CLI beside a running server on one embedded data folder', () => {
  it(
    'runs admin commands inside the server: what the CLI does, the API sees at once',
    async () => {
      await serve();
      const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
      expect(lock).toMatchObject({ pid: gateway!.process.pid, command: 'gerbang serve' });
      expect(lock.adminSocket).toBe(join(dir, ADMIN_SOCKET));

      const office = await run(['office', 'create', '--level', 'central', '--name', 'Ditjen Dukcapil']);
      ids.office = json(office).id;
      expect(office.stderr).toContain(`the server (pid ${gateway!.process.pid})`);
      for (const username of ['pusat.satu', 'pusat.dua']) {
        json(
          await run([
            'account',
            'create',
            '--username',
            username,
            '--full-name',
            'Petugas Pusat',
            '--role',
            'central_officer',
            '--password',
            PASSWORD,
          ]),
        );
      }
      const t = await token();
      const offices = await api('/v1/offices', { token: t });
      expect(JSON.stringify(offices.body)).toContain(ids.office);

      // An institution created on the CLI is the server's at once.
      const inst = json(
        await run([
          'institution',
          'create',
          '--code',
          'DINSOS_UJI',
          '--name',
          'Dinas Sosial Uji',
          '--office',
          ids.office,
        ]),
      );
      ids.institution = inst.id;
      const seen = await api(`/v1/institutions/${inst.id}`, { token: t });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ code: 'DINSOS_UJI' });
    },
    LONG,
  );

  it(
    'unlocks on the CLI an account the server locked, and the API lets it in',
    async () => {
      for (let i = 0; i < 3; i++) expect((await signIn('pusat.dua', 'salah-sandi')).status).toBe(401);
      expect((await signIn('pusat.dua')).status).toBe(403); // locked: even the right password
      const unlock = await run(['account', 'unlock', 'pusat.dua']);
      expect(json(unlock)).toEqual({ username: 'pusat.dua', unlocked: true });
      expect((await signIn('pusat.dua')).status).toBe(200);
      // Refusals come back as the command's own message and exit code.
      const missing = await run(['account', 'unlock', 'tidak.ada']);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('No account tidak.ada');
    },
    LONG,
  );

  it(
    "verifies the server's audit chain, every row the server wrote",
    async () => {
      const before = await auditVerify();
      await refusedWireCalls(5);
      const after = await auditVerify();
      expect(after.ok).toBe(true);
      expect(after.rowsChecked).toBe(before.rowsChecked + 5);
      const rows = await api('/v1/audit?limit=500', { token: await token() });
      expect((rows.body.items as unknown[]).length).toBe(after.rowsChecked);
    },
    LONG,
  );

  it(
    "reads a relative file argument from the CLI's directory, not the server's",
    async () => {
      const rows = [...generateResidents({ seed: 11, count: 4 })].map(residentToCsvRow);
      writeFileSync(join(elsewhere, 'extract.csv'), stringify([residentsCsvHeader(), ...rows]));
      const imp = await run(['import', 'extract.csv'], { cwd: elsewhere });
      expect(imp.status, imp.stderr).toBe(0);
      expect(imp.stdout).toContain('inserted 4, updated 0, rejected 0');
    },
    LONG,
  );

  it(
    'finishes a command in the server when its CLI is killed -9 mid-command; the server keeps serving',
    async () => {
      const cli = spawn('node', [GERBANG_BIN, 'generate', '--residents', '20000', '--seed', '8'], {
        env: env(),
      });
      let out = '';
      cli.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      const ended = new Promise<NodeJS.Signals | null>((r) => cli.once('exit', (_c, signal) => r(signal)));
      // Its progress, relayed from the server: the command is running there.
      await until(() => /\(\d+%\)/.test(out) || cli.exitCode !== null);
      expect(out).toMatch(/\(\d+%\)/);
      cli.kill('SIGKILL');
      expect(await ended).toBe('SIGKILL');
      expect((await api('/ready')).status).toBe(200);
      // The next command waits for the orphaned one, then runs: the population is whole (20,000 + 4 imported).
      const all = await run(['sample-niks', '--count', '30000']);
      expect(all.status, all.stderr).toBe(0);
      expect(all.stdout.trim().split('\n')).toHaveLength(20_004);
      expect((await auditVerify()).ok).toBe(true);
    },
    LONG,
  );

  it(
    'refuses a second server on the same folder, naming the owner and what to do',
    async () => {
      const second = await run(['serve']);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`gerbang serve (pid ${gateway!.process.pid}`);
      expect(second.stderr).toContain('A second server on the same folder is refused');
      expect((await api('/ready')).status).toBe(200);
    },
    LONG,
  );

  it(
    'keeps what the CLI did across a restart; releases the folder on a clean stop',
    async () => {
      await gateway!.stop('SIGTERM');
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      expect(existsSync(join(dir, ADMIN_SOCKET))).toBe(false);
      await serve();
      const t = await token();
      expect((await api(`/v1/institutions/${ids.institution}`, { token: t })).body).toMatchObject({
        code: 'DINSOS_UJI',
      });
      expect((await auditVerify()).ok).toBe(true);
    },
    LONG,
  );

  it(
    'opens the folder after a kill -9 of the server: the dead lock is broken, CLI and server work',
    async () => {
      await refusedWireCalls(2);
      await gateway!.stop('SIGKILL');
      gateway = undefined;
      // The killed server left its lock and socket behind.
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).command).toBe('gerbang serve');
      const list = await run(['institution', 'list']);
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout).toContain(ids.institution);
      const verified = await auditVerify(); // no server: the CLI opens the folder itself
      expect(verified.ok).toBe(true);
      await serve();
      expect((await api(`/v1/institutions/${ids.institution}`, { token: await token() })).status).toBe(200);
      expect((await auditVerify()).rowsChecked).toBe(verified.rowsChecked);
    },
    LONG,
  );

  it(
    'refuses a CLI command while another CLI holds the folder; opens it after that CLI is killed -9',
    async () => {
      // A folder of its own: the shared one already holds generated residents (a second generate there
      // would stop at its first duplicate NIK before writing anything).
      const own = { DATA_DIR: join(root, 'loader') };
      const loader = spawn('node', [GERBANG_BIN, 'generate', '--residents', '500000', '--seed', '5'], {
        env: env(own),
      });
      let out = '';
      let err = '';
      loader.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      loader.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const ended = new Promise<NodeJS.Signals | null>((r) => loader.once('exit', (_c, signal) => r(signal)));
      const owner = () => {
        try {
          return (JSON.parse(readFileSync(join(own.DATA_DIR, LOCK_FILE), 'utf8')) as { command: string })
            .command;
        } catch {
          return null;
        }
      };
      // Bounded by the loader too: if it ends early, say why instead of polling on.
      await until(() => owner() === 'gerbang generate' || loader.exitCode !== null);
      expect(owner(), `the loader ended early: ${err}`).toBe('gerbang generate');
      // While it holds the folder, a second CLI is refused at once, with what to do.
      const refused = await run(['office', 'list'], { env: own });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('is in use by gerbang generate');
      expect(refused.stderr).toContain('Wait for it to finish');
      // Then the loader dies mid-command, while it writes rows.
      await until(() => /\(\d+%\)/.test(out) || loader.exitCode !== null);
      expect(out, `the loader ended before writing rows: ${err}`).toMatch(/\(\d+%\)/);
      loader.kill('SIGKILL');
      expect(await ended).toBe('SIGKILL');
      expect(owner()).toBe('gerbang generate'); // left behind

      // The folder opens again: the CLI (the dead lock broken) and a server on it.
      const verify = await run(['audit', 'verify', '--json'], { env: own });
      expect(verify.status, verify.stderr).toBe(0);
      expect((JSON.parse(verify.stdout) as { ok: boolean }).ok).toBe(true);
      const office = await run(['office', 'list'], { env: own });
      expect(office.status, office.stderr).toBe(0);
      await gateway!.stop('SIGTERM');
      gateway = await startGateway({ databaseUrl: '', env: env(own), readyProbes: 6_000 });
      expect((await api('/ready')).status).toBe(200);
    },
    LONG,
  );
});

/** Polls `check` (bounded: 10 minutes) — waiting for another process's state, not timing it. */
async function until(check: () => boolean) {
  for (let i = 0; i < 6_000 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(check()).toBe(true);
}
