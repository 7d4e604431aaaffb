import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ZodError } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { FolderLockedError } from '../db/folder-lock.ts';
import { DemoRefused, seedDemo } from '../demo/demo.ts';
import { printDemoGuide } from '../demo/guide.ts';
import { ApiError } from '../http/errors.ts';
import { registerGovernanceCommands } from './governance.ts';
import { registerLifecycleCommands } from './lifecycle.ts';
import { registerUserIdRequestCommands } from './user-id-requests.commands.ts';
import { registerReturnDataCommands } from './return-data.commands.ts';
import { registerReportCommands } from './reports.commands.ts';
import { findAccountForLogin, listAccounts } from '../modules/accounts/accounts.repo.ts';
import { changeAccount, createAccount } from '../modules/accounts/accounts.service.ts';
import {
  AGREEMENT_STATUSES,
  listAgreements,
  type AgreementStatus,
} from '../modules/agreements/agreements.repo.ts';
import { changeAgreement, createAgreement } from '../modules/agreements/agreements.service.ts';
import { MISUSE_ACTIONS, type MisuseAction } from '../modules/misuse/misuse.repo.ts';
import { listInstitutions } from '../modules/institutions/institutions.repo.ts';
import { changeInstitution, createInstitution } from '../modules/institutions/institutions.service.ts';
import { listOffices } from '../modules/offices/offices.repo.ts';
import type { OfficeLevel } from '../modules/offices/offices.repo.ts';
import { createOffice } from '../modules/offices/offices.service.ts';
import type { LoadMethod } from '../modules/residents/residents.bulk.ts';
import { countResidents, sampleNiks } from '../modules/residents/residents.repo.ts';
import { RECORD_STATUSES, type RecordStatus } from '../modules/residents/residents.types.ts';
import { serve } from '../cluster.ts';
import { checkPortFree, ListenError, openAndMigrate, startServer, type Migrated } from '../server.ts';
import { auditCommands } from './audit.commands.ts';
import { cliLoadedByServer, cliPath, withCliDatabase } from './local-admin.ts';
import { logCommands, withDemoLogKey } from './log.commands.ts';
import { readerCommands } from './reader.commands.ts';

/**
 * The `gerbang` command: serve, migrate, generate and import the population, run the demo, and provision
 * offices, institutions, agreements and accounts (acting as the server's operator, with the same rules and
 * validation as the admin API).
 */
const program = new Command('gerbang')
  .description('Gerbang: lawful, limited, audited access to population data')
  .showHelpAfterError();

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number ≥ 0');
  return n;
};
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Opens the configured database (bringing it up to date), runs `fn`, closes it; prints domain errors plainly.
 * `fn` also hears what opening migrated (nothing, when the command runs inside a server that already did).
 */
async function withDb<T>(fn: (db: Db, config: Config, migrated: Migrated) => Promise<T>): Promise<T> {
  let migrated: Migrated = { applied: [], regionsLoaded: 0 };
  // On an embedded data folder owned by a running server, the command runs inside that server (local-admin.ts).
  return withCliDatabase(
    (db, config) => fn(db, config, migrated),
    () => loadConfig(),
    (config) => openAndMigrate(config, (m) => (migrated = m)),
  );
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

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

async function generate(db: Db, count: number, seed: number, method?: LoadMethod) {
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
      const result = await importResidentsCsv(db, createReadStream(cliPath(file)));
      console.log(
        `inserted ${result.inserted}, updated ${result.updated}, rejected ${result.rejected.length}`,
      );
      for (const r of result.rejected.slice(0, 50)) console.log(`  line ${r.line}: ${r.errors.join('; ')}`);
      if (result.rejected.length > 50) console.log(`  … and ${result.rejected.length - 50} more`);
      if (result.rejected.length > 0) process.exitCode = 2;
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

const office = program.command('office').description('Registry offices (Ditjen, Disdukcapil)');
office
  .command('create')
  .description('Create an office')
  .requiredOption('--level <level>', 'central | province | regency | city')
  .option('--region <code>', 'Kemendagri region code (province 2 digits, regency/city 4), dotted or plain')
  .requiredOption('--name <name>', 'office name')
  .option('--parent <id>', 'parent office ID (default: the province office above, else central)')
  .action((o: { level: string; region?: string; name: string; parent?: string }) =>
    withDb(async (db) =>
      print(
        await createOffice(db, {
          level: o.level as OfficeLevel,
          regionCode: o.region ?? null,
          name: o.name,
          ...(o.parent ? { parentId: o.parent } : {}),
        }),
      ),
    ),
  );
office
  .command('list')
  .description('List offices')
  .action(() => withDb(async (db) => print(await listOffices(db))));

const institution = program.command('institution').description('User institutions');
institution
  .command('create')
  .description('Register an institution under a managing office')
  .requiredOption('--code <code>', 'institution code (the wire CUSTOMER_ID)')
  .requiredOption('--name <name>', 'institution name')
  .requiredOption('--office <id>', 'managing office ID')
  .option('--networks <cidrs>', 'allowed networks, comma-separated CIDR ranges', list, [])
  .option('--inactive', 'create it inactive')
  .action((o: { code: string; name: string; office: string; networks: string[]; inactive?: boolean }) =>
    withDb(async (db) =>
      print(
        await createInstitution(db, {
          code: o.code,
          name: o.name,
          officeId: o.office,
          allowedNetworks: o.networks,
          isActive: !o.inactive,
        }),
      ),
    ),
  );
institution
  .command('set')
  .description('Change an institution')
  .argument('<id>', 'institution ID')
  .option('--active', 'activate')
  .option('--inactive', 'deactivate')
  .option('--networks <cidrs>', 'replace the allowed networks', list)
  .option('--name <name>', 'rename')
  .action((id: string, o: { active?: boolean; inactive?: boolean; networks?: string[]; name?: string }) =>
    withDb(async (db) =>
      print(
        await changeInstitution(db, id, {
          ...(o.active ? { isActive: true } : o.inactive ? { isActive: false } : {}),
          ...(o.networks ? { allowedNetworks: o.networks } : {}),
          ...(o.name ? { name: o.name } : {}),
        }),
      ),
    ),
  );
institution
  .command('list')
  .description('List institutions')
  .action(() => withDb(async (db) => print(await listInstitutions(db, {}))));

const agreement = program.command('agreement').description('Agreements (PKS)');
agreement
  .command('create')
  .description('Record a signed agreement')
  .requiredOption('--institution <id>', 'institution ID')
  .requiredOption('--registry-number <no>', "the registry office's number for the PKS")
  .requiredOption('--institution-number <no>', "the institution's number for the PKS")
  .requiredOption('--purpose <text>', 'purpose of use')
  .requiredOption(
    '--elements <codes>',
    'granted elements, comma-separated wire names (NIK,NAMA_LGKP,...)',
    list,
  )
  .requiredOption('--methods <methods>', 'verification,portal,card_reader', list)
  .requiredOption('--start <date>', 'YYYY-MM-DD')
  .requiredOption('--end <date>', 'YYYY-MM-DD')
  .option('--status <status>', AGREEMENT_STATUSES.join(' | '), 'active')
  .option('--threshold <n>', 'default similarity threshold 0–100', int)
  .option('--hours <from-to>', 'allowed hours in WIB, e.g. 08:00-16:00')
  .option('--misuse-action <action>', `what detected misuse leads to: ${MISUSE_ACTIONS.join(' | ')}`, 'alert')
  .action(
    (o: {
      institution: string;
      registryNumber: string;
      institutionNumber: string;
      purpose: string;
      elements: string[];
      methods: string[];
      start: string;
      end: string;
      status: string;
      threshold?: number;
      hours?: string;
      misuseAction: string;
    }) =>
      withDb(async (db, config) => {
        const [from, to] = o.hours?.split('-') ?? [];
        print(
          await createAgreement(
            db,
            {
              institutionId: o.institution,
              registryNumber: o.registryNumber,
              institutionNumber: o.institutionNumber,
              purpose: o.purpose,
              elements: o.elements as never,
              methods: o.methods as never,
              startDate: o.start,
              endDate: o.end,
              status: o.status as AgreementStatus,
              ...(o.threshold !== undefined ? { defaultThreshold: o.threshold } : {}),
              allowedHours: o.hours ? { start: from ?? '', end: to ?? '' } : null,
              misuseAction: o.misuseAction as MisuseAction,
            },
            { defaultThreshold: config.defaultThreshold },
          ),
        );
      }),
  );
agreement
  .command('set-misuse-action')
  .description('Change what detected misuse leads to under an agreement')
  .argument('<id>', 'agreement ID')
  .argument('<action>', MISUSE_ACTIONS.join(' | '))
  .action((id: string, action: string) =>
    withDb(async (db) => print(await changeAgreement(db, id, { misuseAction: action as MisuseAction }))),
  );
agreement
  .command('list')
  .description('List agreements')
  .option('--institution <id>', 'of one institution')
  .action((o: { institution?: string }) =>
    withDb(async (db) => print(await listAgreements(db, { institutionId: o.institution }))),
  );

// commander turns a parser's null into '', so 'unlimited' stays a word here and becomes null below.
const quota = (v: string): number | 'unlimited' => (v === 'unlimited' ? v : int(v));
const toQuota = (q: number | 'unlimited') => (q === 'unlimited' ? null : q);
const account = program.command('account').description('User accounts (user IDs) and their daily quota');
account
  .command('create')
  .description('Issue a user ID; the password is generated and printed unless --password is given')
  .requiredOption('--username <name>', 'user ID')
  .requiredOption('--full-name <name>', 'the named person')
  .option(
    '--role <role>',
    'operator | institution_head | institution_admin | central_officer | office_officer | auditor',
    'operator',
  )
  .option('--institution <id>', 'institution ID (operators, institution heads and admins)')
  .option('--office <id>', 'office ID (office officers; auditors of an office area)')
  .option('--quota <n|unlimited>', 'hits per WIB day (required for operators)', quota)
  .option('--password <password>', 'initial password (default: generated)')
  .action(
    (o: {
      username: string;
      fullName: string;
      role: string;
      institution?: string;
      office?: string;
      quota?: number | 'unlimited';
      password?: string;
    }) =>
      withDb(async (db) => {
        if ((o.role ?? 'operator') === 'operator' && o.quota === undefined) {
          throw new ApiError(
            400,
            'VALIDATION_FAILED',
            'An operator needs a daily quota: --quota N or --quota unlimited',
          );
        }
        const password = o.password ?? randomBytes(12).toString('base64url');
        const created = await createAccount(db, {
          username: o.username,
          fullName: o.fullName,
          role: o.role as never,
          ...(o.institution ? { institutionId: o.institution } : {}),
          ...(o.office ? { officeId: o.office } : {}),
          dailyQuota: o.quota === undefined ? null : toQuota(o.quota),
          password,
        });
        print({ ...created, ...(o.password ? {} : { password }) });
      }),
  );
account
  .command('set')
  .description('Change a user ID: activate, deactivate, daily quota, password')
  .argument('<username>', 'user ID')
  .option('--active', 'activate')
  .option('--inactive', 'deactivate')
  .option('--quota <n|unlimited>', 'hits per WIB day', quota)
  .option('--password <password>', 'new password')
  .action(
    (
      username: string,
      o: { active?: boolean; inactive?: boolean; quota?: number | 'unlimited'; password?: string },
    ) =>
      withDb(async (db) => {
        const found = await findAccountForLogin(db, username);
        if (!found) throw ApiError.of('NOT_FOUND', `No account ${username}`);
        print(
          await changeAccount(db, found.id, {
            ...(o.active ? { isActive: true } : o.inactive ? { isActive: false } : {}),
            ...(o.quota !== undefined ? { dailyQuota: toQuota(o.quota) } : {}),
            ...(o.password ? { password: o.password } : {}),
          }),
        );
      }),
  );
account
  .command('list')
  .description('List user accounts')
  .option('--institution <id>', 'of one institution')
  .action((o: { institution?: string }) =>
    withDb(async (db) => print(await listAccounts(db, { institutionId: o.institution }))),
  );
auditCommands(program, withDb);
logCommands(program, withDb, () => loadConfig());

registerGovernanceCommands(program, withDb, print, int);
registerLifecycleCommands(program, withDb, print);
registerUserIdRequestCommands(program, withDb, print);
readerCommands(program);
registerReturnDataCommands(program, withDb, print);
registerReportCommands(program, withDb, print);

/** Prints a command's failure as the user should see it (also for commands run inside a server). */
export function reportCliError(err: unknown): void {
  if (
    err instanceof ConfigError ||
    err instanceof DemoRefused ||
    err instanceof ApiError ||
    err instanceof FolderLockedError ||
    err instanceof ListenError
  ) {
    console.error(err.message);
  } else if (err instanceof ZodError) {
    console.error(err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  } else {
    console.error(err);
  }
}
export { program };

// A server running a command for the CLI (local-admin.ts) loads this module for `program` only.
if (!cliLoadedByServer()) {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    reportCliError(err);
    process.exitCode = 1;
  }
}
