import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { seedCardReaderWorld } from '../test/card-readers.ts';
import { runCli } from '../test/cli.ts';
import { addResident, GRANTED, PASSWORD, useTestWorld } from '../test/fixtures.ts';

const t = useTestWorld();
const dir = mkdtempSync(join(tmpdir(), 'gerbang-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gerbang reader simulate', () => {
  it('acts as a reader: signs with the SAM key file, looks the NIK up; the same nonce again is refused', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id);
    const r = await addResident(t.db);
    const key = join(dir, 'sam.pem');
    writeFileSync(key, w.privateKeyPem, { mode: 0o600 });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const args = [
      'reader',
      'simulate',
      '--url',
      url,
      '--user',
      w.operator.username,
      '--key',
      key,
      '--sam',
      w.sam.id,
      '--serial',
      w.reader.serial,
      '--nik',
      r.nik,
      '--nonce',
      'nonce-of-the-cli-test-0001',
    ];
    const env = { ...process.env, GERBANG_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' };
    const ok = await runCli(args, { env });
    expect(ok.status, ok.stderr).toBe(0);
    const answer = JSON.parse(ok.stdout) as { status: number; body: { outcome: string; elements: object } };
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('FOUND');
    expect(Object.keys(answer.body.elements).sort()).toEqual([...GRANTED].sort());
    const again = await runCli(args, { env });
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout).body.error.code).toBe('CARD_READ_REPLAYED');
  });
});
