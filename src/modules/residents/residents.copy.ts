import type { Db } from '../../db/db.ts';
import { Population } from './residents.generator.ts';
import { RESIDENT_COLUMNS, type ResidentRow } from './residents.types.ts';

/**
 * Loading the generated population into PostgreSQL with `COPY … FROM STDIN` (text format), in one
 * transaction. Where the time goes (1 M rows, PostgreSQL 15 on 2 cores): with the primary key, the family
 * card index and the foreign key to `regions` in place, COPY took ~23 s (the foreign key is checked by a
 * trigger per row, the primary key is a random-order B-tree insert per row); into the bare table ~4.5 s, and
 * building both indexes afterwards ~3 s. So into an empty `residents`, the load drops the keys and indexes,
 * truncates (so COPY may FREEZE the rows: no hint-bit writes or freezing vacuum later), copies, and builds
 * them again from the definitions it read from the catalog — the table ends exactly as it was, and since it
 * is all one transaction, a failure leaves it empty. A table that already has residents gets a plain COPY
 * with everything in place (every row checked as before; a duplicate NIK aborts the whole load).
 */

const COPY_COLUMNS = RESIDENT_COLUMNS.map(([name]) => name).join(', ');

/**
 * One row in COPY text format. Generated values never hold a tab, newline, carriage return or backslash (the
 * generator checks its tables once), so nothing is escaped here: this is for generated rows only.
 */
export function generatedCopyLine(r: ResidentRow): string {
  return `${r.nik}\t${r.familyCardNumber}\t${r.fullName}\t${r.birthPlace}\t${r.birthDate}\t${r.sex}\t${r.bloodType}\t${r.religion}\t${r.maritalStatus}\t${r.familyRelationship}\t${r.education}\t${r.occupation}\t${r.motherNik ?? '\\N'}\t${r.motherName}\t${r.fatherNik ?? '\\N'}\t${r.fatherName}\t${r.streetAddress}\t${r.rt}\t${r.rw}\t${r.postalCode}\t${r.villageCode}\t${r.ektpStatus}\t${r.recordStatus}\n`;
}

/**
 * The same rows as `generateResidents(seed, count)`, as COPY text (UTF-8) in buffers of `chunkRows` rows.
 * `onChunk` is called with a chunk's row count once the consumer has taken it.
 */
export function* generatedCopyChunks(opts: {
  seed: number;
  count: number;
  chunkRows: number;
  onChunk?: (rows: number) => void;
}): Generator<Buffer> {
  const population = new Population(opts.seed);
  const fresh = () => Buffer.allocUnsafe(Math.min(opts.chunkRows, opts.count) * 320 + 1024);
  let buf = fresh();
  let used = 0;
  let produced = 0;
  let inChunk = 0;
  while (produced < opts.count) {
    for (const row of population.nextHousehold()) {
      if (produced >= opts.count) break;
      produced += 1;
      const line = generatedCopyLine(row);
      if (used + line.length * 3 > buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, used);
        buf = bigger;
      }
      used += buf.write(line, used, 'utf8');
      if (++inChunk === opts.chunkRows) {
        yield buf.subarray(0, used);
        opts.onChunk?.(inChunk);
        buf = fresh();
        used = 0;
        inChunk = 0;
      }
    }
  }
  if (inChunk > 0) {
    yield buf.subarray(0, used);
    opts.onChunk?.(inChunk);
  }
}

/**
 * The statements that rebuild the residents table's keys and indexes (primary and unique keys, then
 * other indexes, then foreign keys), read from the catalog, and the statements that drop them.
 */
async function keysAndIndexes(db: Db): Promise<{ drop: string[]; rebuild: string[] }> {
  const { rows: constraints } = await db.query<{ name: string; type: string; def: string }>(
    `SELECT quote_ident(conname) AS name, contype AS type, pg_get_constraintdef(oid) AS def
       FROM pg_constraint
      WHERE conrelid = 'residents'::regclass AND contype IN ('p', 'u', 'x', 'f')
      ORDER BY contype = 'f', conname`,
  );
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = 'residents'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
      ORDER BY 1`,
  );
  const keys = constraints.filter((c) => c.type !== 'f');
  const foreign = constraints.filter((c) => c.type === 'f');
  const add = (c: { name: string; def: string }) => `ALTER TABLE residents ADD CONSTRAINT ${c.name} ${c.def}`;
  return {
    drop: [
      ...foreign.map((c) => `ALTER TABLE residents DROP CONSTRAINT ${c.name}`),
      ...indexes.map((i) => `DROP INDEX ${i.name}`),
      ...keys.map((c) => `ALTER TABLE residents DROP CONSTRAINT ${c.name}`),
    ],
    rebuild: [...keys.map(add), ...indexes.map((i) => i.def), ...foreign.map(add)],
  };
}

/** Memory for the index builds of the load's transaction (the server default, 64 MB, spills to disk). */
const LOAD_MAINTENANCE_WORK_MEM = '1GB';

/**
 * Copies `count` generated residents in one transaction (see the top of this file); `onProgress` after each
 * chunk sent and `onPhase` when the copy is done and the keys are being rebuilt. PostgreSQL only.
 */
export async function copyGeneratedResidents(
  db: Db,
  opts: {
    seed: number;
    count: number;
    chunkRows: number;
    onProgress?: (done: number, total: number) => void;
    onPhase?: (phase: 'indexes') => void;
  },
): Promise<{ rows: number; rebuiltKeys: boolean }> {
  return db.transaction(async (tx) => {
    if (!tx.copyFrom) throw new Error('COPY needs PostgreSQL');
    // The load is redone from scratch if the server crashes before it commits, so waiting for the commit
    // record to reach disk buys nothing.
    await tx.exec('SET LOCAL synchronous_commit = off');
    await tx.exec('LOCK TABLE residents IN ACCESS EXCLUSIVE MODE');
    const { rows: state } = await tx.query<{ empty: boolean; referenced: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM residents) AS empty,
              EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = 'residents'::regclass) AS referenced`,
    );
    const rebuildKeys = state[0]!.empty && !state[0]!.referenced;
    let rebuild: string[] = [];
    if (rebuildKeys) {
      const ddl = await keysAndIndexes(tx);
      for (const sql of ddl.drop) await tx.exec(sql);
      await tx.exec('TRUNCATE residents');
      rebuild = ddl.rebuild;
    }
    let done = 0;
    const rows = await tx.copyFrom(
      `COPY residents (${COPY_COLUMNS}) FROM STDIN${rebuildKeys ? ' WITH (FREEZE)' : ''}`,
      generatedCopyChunks({
        ...opts,
        onChunk: (n) => {
          done += n;
          opts.onProgress?.(done, opts.count);
        },
      }),
    );
    if (rebuildKeys) {
      opts.onPhase?.('indexes');
      await tx.exec(`SET LOCAL maintenance_work_mem = '${LOAD_MAINTENANCE_WORK_MEM}'`);
      for (const sql of rebuild) await tx.exec(sql);
    }
    return { rows, rebuiltKeys: rebuildKeys };
  });
}
