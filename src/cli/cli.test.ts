import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { GERBANG_BIN, runCli } from '../test/cli.ts';
import { testPort } from '../test/gateway.ts';
import { generateResidents } from '../modules/residents/residents.generator.ts';
import { residentsCsvHeader, residentToCsvRow } from '../modules/residents/residents.import.ts';

/** The `gerbang` command run as users run it: a real process on a fresh embedded database. */
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'gerbang-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = (dataDir: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  DATABASE_URL: '',
  DATA_DIR: dataDir,
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  ...extra,
});
const run = (args: string[], e: NodeJS.ProcessEnv) => runCli(args, { env: e });

describe('gerbang CLI', () => {
  it('documents its commands in --help', async () => {
    const help = await run(['--help'], env(fresh()));
    expect(help.status).toBe(0);
    for (const c of [
      'serve',
      'migrate',
      'generate',
      'import',
      'demo',
      'office',
      'institution',
      'agreement',
      'account',
    ]) {
      expect(help.stdout).toContain(c);
    }
    expect((await run(['agreement', 'create', '--help'], env(fresh()))).stdout).toContain('--elements');
  });

  it('refuses demo seeding in production', async () => {
    const r = await run(
      ['demo', '--no-serve'],
      env(fresh(), { NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(40) }),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refused when NODE_ENV=production');
  });

  it('samples NIKs of existing residents', async () => {
    const dir = fresh();
    expect((await run(['generate', '--residents', '500', '--seed', '9'], env(dir))).status).toBe(0);
    const sample = await run(['sample-niks', '--count', '5', '--status', 'active'], env(dir));
    expect(sample.status).toBe(0);
    const niks = sample.stdout.trim().split('\n');
    expect(niks).toHaveLength(5);
    expect(niks.every((n) => /^\d{16}$/.test(n))).toBe(true);
    expect((await run(['sample-niks', '--status', 'alive'], env(dir))).status).toBe(1);
  });

  it('generates with progress and rows/s, imports a CSV, and provisions through admin commands', async () => {
    const dir = fresh();
    const gen = await run(['generate', '--residents', '3000', '--seed', '3'], env(dir));
    expect(gen.status).toBe(0);
    expect(gen.stdout).toMatch(/3,000 \/ 3,000 \(100%\)/);
    expect(gen.stdout).toMatch(/generated 3000 residents in [\d.]+ s \(\d+ rows\/s\)/);

    const csvFile = join(dir, 'extract.csv');
    const rows = [...generateResidents({ seed: 4, count: 10 })].map(residentToCsvRow);
    rows[3]![4] = 'not-a-date';
    writeFileSync(csvFile, stringify([residentsCsvHeader(), ...rows]));
    const imp = await run(['import', csvFile], env(dir));
    expect(imp.stdout).toContain('inserted 9, updated 0, rejected 1');
    expect(imp.stdout).toContain('line 5:');
    expect(imp.status).toBe(2);

    const central = JSON.parse(
      (await run(['office', 'create', '--level', 'central', '--name', 'Ditjen Dukcapil'], env(dir))).stdout,
    );
    const kab = await run(
      ['office', 'create', '--level', 'city', '--region', '33.01', '--name', 'Disdukcapil Cilacap'],
      env(dir),
    );
    expect(kab.status).toBe(1);
    expect(kab.stderr).toContain('is a regency, not a city');
    const inst = JSON.parse(
      (
        await run(
          [
            'institution',
            'create',
            '--code',
            'DINSOS_X',
            '--name',
            'Dinas Sosial X',
            '--office',
            central.id,
            '--networks',
            '10.1.2.0/24,127.0.0.1',
          ],
          env(dir),
        )
      ).stdout,
    );
    expect(inst.allowedNetworks).toEqual(['10.1.2.0/24', '127.0.0.1/32']);
    const agr = await run(
      [
        'agreement',
        'create',
        '--institution',
        inst.id,
        '--registry-number',
        '470/1',
        '--institution-number',
        '800/2',
        '--purpose',
        'Verifikasi bansos',
        '--elements',
        'NIK,NAMA_LGKP',
        '--methods',
        'verification',
        '--start',
        '2026-01-01',
        '--end',
        '2027-12-31',
        '--hours',
        '08:00-16:00',
        '--misuse-action',
        'throttle',
      ],
      env(dir),
    );
    expect(agr.status).toBe(0);
    expect(JSON.parse(agr.stdout)).toMatchObject({
      allowedHoursStart: '08:00:00',
      elements: ['NIK', 'NAMA_LGKP'],
      misuseAction: 'throttle',
    });
    const acc = await run(
      [
        'account',
        'create',
        '--username',
        'op.x',
        '--full-name',
        'Operator X',
        '--institution',
        inst.id,
        '--quota',
        '25',
      ],
      env(dir),
    );
    expect(JSON.parse(acc.stdout)).toMatchObject({
      username: 'op.x',
      dailyQuota: 25,
      password: expect.any(String),
    });
    expect(acc.stdout).not.toContain('argon2');
    const set = await run(['account', 'set', 'op.x', '--quota', 'unlimited', '--inactive'], env(dir));
    expect(JSON.parse(set.stdout)).toMatchObject({ dailyQuota: null, isActive: false });
    // A generous limit, not a speed claim: each command is a new process (tsx start, PGlite open), and CI's
    // two cores may be busy with other suites.
  }, 240_000);

  it('serves the demo from one command', async () => {
    const dir = fresh();
    const port = testPort();
    const child = spawn('node', [GERBANG_BIN, 'demo', '--residents', '3000'], {
      env: env(dir, { PORT: String(port) }),
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      let ready = false;
      for (let i = 0; i < 600 && !ready; i++) {
        await new Promise((r) => setTimeout(r, 100));
        ready = await fetch(`${base}/ready`)
          .then((r) => r.ok)
          .catch(() => false);
      }
      expect(ready, out).toBe(true);
      expect(out).toContain('kesbangpol.op1');
      const nik = /"nik":"(\d{16})"/.exec(out)![1]!;
      const res = await fetch(`${base}/dukcapil/get_json/KESBANGPOL_JATENG/CALL_NIK`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          USER_ID: 'kesbangpol.op1',
          PASSWORD: 'Demo-Gerbang-2026',
          IP_USER: '127.0.0.1',
          NIK: nik,
        }),
      });
      const body = (await res.json()) as { content: Record<string, string>[] };
      expect(body.content[0]).toMatchObject({ NIK: nik, RESPONSE_CODE: '01' });
      const expired = await fetch(`${base}/dukcapil/get_json/KOPERASI_LAMA/CALL_NIK`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          USER_ID: 'koperasi.op1',
          PASSWORD: 'Demo-Gerbang-2026',
          IP_USER: '127.0.0.1',
          NIK: nik,
        }),
      });
      expect(
        ((await expired.json()) as { content: Record<string, string>[] }).content[0]!.RESPONSE_CODE,
      ).toBe('16');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
