import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpPglite, openPglite } from '../db/db.ts';
import { ensurePostgresTemplate, prepare, templateName } from './template.ts';

/** Builds the test database template once per run (see template.ts). */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    await ensurePostgresTemplate(url);
    return;
  }
  const db = await openPglite();
  await prepare(db);
  const dump = await dumpPglite(db);
  await db.close();
  const dir = join(tmpdir(), 'gerbang-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${templateName()}-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.GERBANG_TEST_PGLITE_TEMPLATE = file;
}
