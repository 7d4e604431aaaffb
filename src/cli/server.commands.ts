import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { DemoRefused, seedDemo } from '../demo/demo.ts';
import { printDemoGuide } from '../demo/guide.ts';
import { countResidents } from '../modules/residents/residents.repo.ts';
import { serve } from '../cluster.ts';
import { checkPortFree, openAndMigrate, startServer } from '../server.ts';
import { withDemoLogKey } from './log.commands.ts';
import { generate } from './residents.commands.ts';
import { int, type WithMigratedDb } from './shared.ts';

/** `gerbang serve|migrate|demo`: the server itself, its database's migrations, and the demo. */
export function register(program: Command, withDb: WithMigratedDb): void {
  program
    .command('serve')
    .description(
      'Migrate the database and serve the HTTP API (PORT, HOST, DATABASE_URL, DATA_DIR, GATEWAY_PROCESSES)',
    )
    .action(() => serve(loadConfig()));

  program
    .command('migrate')
    .description('Apply pending database migrations and load the region reference data')
    .action(() =>
      // Opening the database applies the pending migrations and loads the regions; report what it did.
      withDb(async (_db, _config, { applied, regionsLoaded }) => {
        console.log(
          `migrations applied: ${applied.length === 0 ? 'none pending' : applied.map((m) => m.name).join(', ')}`,
        );
        if (regionsLoaded > 0) console.log(`regions loaded: ${regionsLoaded}`);
      }),
    );

  program
    .command('demo')
    .description(
      'Set up the demo (population ≥ 100,000, offices, institutions, agreements, accounts) and serve it',
    )
    .option('--residents <n>', 'population size when the database has none', int, 100_000)
    .option('--no-serve', 'set up only, do not start the server')
    .action(async (opts: { residents: number; serve: boolean }) => {
      const config = withDemoLogKey(loadConfig());
      if (config.env === 'production')
        throw new DemoRefused('Demo seeding is refused when NODE_ENV=production');
      // A port in use is said before the population is generated, not after.
      if (opts.serve) await checkPortFree(config);
      const db = await openAndMigrate(config);
      if ((await countResidents(db)) === 0) {
        console.log(`generating a synthetic population of ${opts.residents.toLocaleString('en')} residents…`);
        const r = await generate(db, opts.residents, 2026);
        console.log(`  done in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.rowsPerSecond)} rows/s)`);
      }
      const accounts = await seedDemo(db, config);
      await printDemoGuide(db, config, accounts);
      if (opts.serve) await startServer(config, db);
      else await db.close();
    });
}
