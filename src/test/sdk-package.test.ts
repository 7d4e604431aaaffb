import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_TYPES_FILE, sdkTypes } from '../../scripts/sdk-types.ts';
import type { Db } from '../db/db.ts';
import { createTestDb } from './db.ts';
import { addResident, PASSWORD, seedWorld, testApp, type World } from './fixtures.ts';

/**
 * The SDK as an integrator gets it: `npm pack` of sdk/ (built by tsc), installed from the tarball into a
 * scratch Node project without network (the npm cache already holds its one dependency, openapi-fetch), and
 * used by a plain .mjs script, without tsx, against a Gerbang listening on loopback.
 */
const run = promisify(execFile);
const SDK_DIR = fileURLToPath(new URL('../../sdk/', import.meta.url));

let db: Db;
let app: FastifyInstance;
let world: World;
let baseUrl: string;
let scratch: string;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  scratch = mkdtempSync(join(tmpdir(), 'gerbang-sdk-'));
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const SCRIPT = `
import { GerbangClient, GerbangError } from '@gerbang/sdk';
const [baseUrl, username, password, nik] = process.argv.slice(2);
const gerbang = new GerbangClient({ baseUrl });
const signedIn = await gerbang.signIn(username, password);
const me = await gerbang.me();
const verified = await gerbang.verify({ nik, elements: { NAMA_LGKP: 'Dewi Lestari', AGAMA: 'ISLAM' } });
const found = await gerbang.lookup(nik);
const refused = await new GerbangClient({ baseUrl }).signIn(username, 'wrong-password-1').catch((e) => e);
const noToken = await new GerbangClient({ baseUrl }).lookup(nik).catch((e) => e);
console.log(JSON.stringify({
  tokenType: signedIn.tokenType,
  me: me.username,
  verified,
  found,
  refused: { isGerbangError: refused instanceof GerbangError, status: refused.status, code: refused.code, requestId: refused.requestId },
  noToken: { isGerbangError: noToken instanceof GerbangError, code: noToken.code },
}));
`;

const CONSUMER = `
import { GerbangClient, type GerbangErrorCode, type VerificationAnswer } from '@gerbang/sdk';
export async function check(c: GerbangClient): Promise<string> {
  const v: VerificationAnswer = await c.verify({ nik: '3301015204900001', elements: { NAMA_LGKP: 'X' } });
  const outcome: 'FOUND' | 'NOT_FOUND' | 'NIK_INVALID_FORMAT' | 'DECEASED' | 'DUPLICATE' | 'INACTIVE' = v.outcome;
  const code: GerbangErrorCode = 'QUOTA_EXHAUSTED';
  // @ts-expect-error not a code any of these operations documents
  const wrong: GerbangErrorCode = 'NO_SUCH_CODE';
  return outcome + code + wrong + (await c.me()).username;
}
`;

describe('the packaged SDK', () => {
  it('has types generated from the current OpenAPI document', async () => {
    const fresh = await sdkTypes(app.swagger());
    expect(
      readFileSync(SDK_TYPES_FILE, 'utf8') === fresh,
      'sdk/src/openapi.ts is stale: run `npm run sdk:types`',
    ).toBe(true);
  });

  it('installs from its tarball into a plain Node project and verifies a NIK', async () => {
    const resident = await addResident(db, { fullName: 'DEWI LESTARI' });
    // npm pack runs the package's prepack script: tsc builds dist/ with type declarations.
    const { stdout: packed } = await run('npm', ['pack', '--silent', '--pack-destination', scratch], {
      cwd: SDK_DIR,
    });
    const tarball = join(scratch, packed.trim().split('\n').at(-1)!);
    expect(readdirSync(scratch)).toContain('gerbang-sdk-0.1.0.tgz');
    const project = join(scratch, 'project');
    await run('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "scratch", "private": true, "type": "module" }\n',
    );
    const install = (mode: string) =>
      run('npm', ['install', mode, '--no-audit', '--no-fund', tarball], { cwd: project });
    // Offline from the npm cache; should the cache not hold openapi-fetch yet, from the registry.
    await install('--offline').catch(() => install('--prefer-offline'));
    writeFileSync(join(project, 'main.mjs'), SCRIPT);
    const { stdout } = await run(
      process.execPath,
      ['main.mjs', baseUrl, world.operator.username, PASSWORD, resident.nik],
      { cwd: project, env: { PATH: process.env.PATH ?? '' } },
    );
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      tokenType: 'Bearer',
      me: world.operator.username,
      verified: {
        outcome: 'FOUND',
        elements: [
          expect.objectContaining({ element: 'NAMA_LGKP', status: 'match', score: 100 }),
          { element: 'AGAMA', status: 'not_permitted' },
        ],
      },
      found: { outcome: 'FOUND', elements: expect.objectContaining({ NAMA_LGKP: 'DEWI LESTARI' }) },
      refused: {
        isGerbangError: true,
        status: 401,
        code: 'UNAUTHENTICATED',
        requestId: expect.stringMatching(/^req_/),
      },
      noToken: { isGerbangError: true, code: 'UNAUTHENTICATED' },
    });
    expect((out.found as { elements: object }).elements).not.toHaveProperty('AGAMA');
    // Its declarations type a TypeScript consumer: answers, and the error codes the operations document.
    writeFileSync(join(project, 'check.ts'), CONSUMER);
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    await run(
      process.execPath,
      [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--skipLibCheck', 'check.ts'],
      {
        cwd: project,
      },
    );
    // The package ships JavaScript and declarations only, no TypeScript sources.
    const files = readdirSync(join(project, 'node_modules/@gerbang/sdk/dist')).sort();
    expect(files).toEqual(['index.d.ts', 'index.js', 'openapi.d.ts', 'openapi.js']);
  });
});
