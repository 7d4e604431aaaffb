import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/cli.ts';
import { listMigrations } from '../db/migrate.ts';
import { loadRegionDataset } from '../modules/regions/regions.dataset.ts';

/**
 * How the `gerbang` command starts, run as users run it (a real process): `migrate` says what it applied, and
 * a port already in use is named with how to choose another, and the process ends with a failure status.
 */
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'gerbang-startup-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = (extra: Record<string, string>) => ({
  ...process.env,
  DATABASE_URL: '',
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  ...extra,
});
const run = (args: string[], e: NodeJS.ProcessEnv) => runCli(args, { env: e });

const ds = loadRegionDataset();
const regionCount = ds.provinces.length + ds.regencies.length + ds.districts.length + ds.villages.length;
const allMigrations = listMigrations().map((m) => m.name);

async function expectMigrateReports(e: NodeJS.ProcessEnv) {
  const first = await run(['migrate'], e);
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toContain(`migrations applied: ${allMigrations.join(', ')}`);
  expect(first.stdout).not.toContain('none pending');
  expect(first.stdout).toContain(`regions loaded: ${regionCount}`);
  const again = await run(['migrate'], e);
  expect(again.status, again.stderr).toBe(0);
  expect(again.stdout).toContain('migrations applied: none pending');
  expect(again.stdout).not.toContain('regions loaded');
}

describe('gerbang migrate', () => {
  it('names the migrations it applied and the regions it loaded on a fresh embedded database', async () => {
    await expectMigrateReports(env({ DATA_DIR: fresh() }));
    // Two processes that each open an embedded database (the first loads 91,599 regions): a generous limit for
    // a busy CI machine, not a speed claim.
  }, 600_000);

  it.runIf(process.env.TEST_DATABASE_URL)(
    'does the same on a fresh PostgreSQL database',
    async () => {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      const name = `gerbang_migrate_${process.pid}_${Date.now()}`;
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        await expectMigrateReports(env({ DATABASE_URL: url.toString() }));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
    240_000,
  );
});

describe('a port already in use', () => {
  const occupy = () =>
    new Promise<{ server: Server; port: number }>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
    });

  const expectExplained = (r: { status: number | null; stdout: string; stderr: string }, port: number) => {
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain(`PORT=${port + 1} npm run demo`);
    // Said plainly: no raw error object, no stack.
    expect(r.stderr).not.toContain('EADDRINUSE');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('gerbang serve names the port and PORT, and exits with status 1 (the process ends)', async () => {
    const { server, port } = await occupy();
    try {
      const r = await run(['serve'], env({ DATA_DIR: fresh(), PORT: String(port), HOST: '127.0.0.1' }));
      expectExplained(r, port);
    } finally {
      server.close();
    }
  }, 240_000);

  it('the demo says so before generating anything, and exits with status 1', async () => {
    const { server, port } = await occupy();
    try {
      const r = await run(
        ['demo', '--residents', '500'],
        env({ DATA_DIR: fresh(), PORT: String(port), HOST: '127.0.0.1' }),
      );
      expectExplained(r, port);
      expect(r.stdout).not.toContain('generating');
      expect(r.stdout).not.toContain('kesbangpol.op1');
    } finally {
      server.close();
    }
  }, 240_000);
});
