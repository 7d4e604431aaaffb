import { createReadStream } from 'node:fs';
import { Command, Option } from 'commander';
import type { Db } from '../db/db.ts';
import type { LoadMethod } from '../modules/residents/residents.bulk.ts';
import { sampleNiks } from '../modules/residents/residents.repo.ts';
import { RECORD_STATUSES, type RecordStatus } from '../modules/residents/residents.types.ts';
import { cliPath } from './local-admin.ts';
import { int, type WithDb } from './shared.ts';

/** `gerbang generate|sample-niks|import`: the population (synthetic, sampled, imported from a registry extract). */
export function register(program: Command, withDb: WithDb): void {
  program
    .command('generate')
    .description(
      'Generate a deterministic synthetic population and bulk-load it (PostgreSQL: one COPY, in one transaction)',
    )
    .requiredOption('--residents <n>', 'how many residents', int)
    .option('--seed <n>', 'seed of the generator (same seed, same people)', int, 2026)
    .addOption(
      new Option(
        '--method <method>',
        'copy (PostgreSQL only) or multi-row insert batches (default: copy when it can)',
      ).choices(['copy', 'insert']),
    )
    .action((opts: { residents: number; seed: number; method?: LoadMethod }) =>
      withDb(async (db) => {
        const result = await generate(db, opts.residents, opts.seed, opts.method);
        console.log(
          `generated ${result.rows} residents in ${(result.ms / 1000).toFixed(1)} s (${Math.round(result.rowsPerSecond)} rows/s) via ${result.method}`,
        );
      }),
    );

  program
    .command('sample-niks')
    .description('Print NIKs of existing residents drawn at random, one per line (for benchmarks and tests)')
    .option('--count <n>', 'how many NIKs', int, 100)
    .addOption(
      new Option('--status <status>', 'only residents with this record status').choices(RECORD_STATUSES),
    )
    .action((opts: { count: number; status?: RecordStatus }) =>
      withDb(async (db) => {
        const niks = await sampleNiks(db, {
          count: opts.count,
          ...(opts.status ? { status: opts.status } : {}),
        });
        if (niks.length > 0) process.stdout.write(`${niks.join('\n')}\n`);
        if (niks.length < opts.count) console.error(`only ${niks.length} residents match; printed them all`);
      }),
    );

  program
    .command('import')
    .description('Import a registry extract from CSV (upsert by NIK; rejected lines are listed, not written)')
    .argument('<file>', 'CSV file with a header row of element names (see README)')
    .action((file: string) =>
      withDb(async (db) => {
        const { importResidentsCsv } = await import('../modules/residents/residents.import.ts');
        const result = await importResidentsCsv(db, createReadStream(cliPath(file)), { now: new Date() });
        console.log(
          `inserted ${result.inserted}, updated ${result.updated}, rejected ${result.rejected.length}`,
        );
        for (const r of result.rejected.slice(0, 50)) console.log(`  line ${r.line}: ${r.errors.join('; ')}`);
        if (result.rejected.length > 50) console.log(`  … and ${result.rejected.length - 50} more`);
        if (result.rejected.length > 0) process.exitCode = 2;
      }),
    );
}

/** Generates and bulk-loads `count` synthetic residents, printing progress (also `gerbang demo`'s population). */
export async function generate(db: Db, count: number, seed: number, method?: LoadMethod) {
  let last = 0;
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  // Imported when used: the generator pulls in faker's name lists, which `serve` never needs (a restarted
  // gateway must be ready fast).
  const { loadGeneratedResidents } = await import('../modules/residents/residents.bulk.ts');
  return loadGeneratedResidents(db, {
    seed,
    count,
    ...(method ? { method } : {}),
    onProgress: (done, total) => {
      const pct = Math.floor((done / total) * 100);
      if (pct >= last + 10 || done === total) {
        last = pct;
        process.stdout.write(
          `  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${pct}%) ${seconds()} s\n`,
        );
      }
    },
    onPhase: () => process.stdout.write(`  rows sent in ${seconds()} s; building keys and indexes…\n`),
  });
}
