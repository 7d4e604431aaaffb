import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/errors.ts';
import { listVersions } from '../modules/agreements/agreement-versions.repo.ts';
import {
  activateAgreement,
  draftAgreement,
  endAgreement,
  signAgreement,
} from '../modules/agreements/agreements.lifecycle.ts';
import { complianceView, reinstate } from '../modules/compliance/compliance.service.ts';
import { listRuns } from '../modules/jobs/jobs.repo.ts';
import { decideQuotaIncrease, findQuotaRequests } from '../modules/quota-requests/quota-requests.service.ts';
import { createMailer } from '../modules/compliance/notifications.mail.ts';
import { jobsFor, runDueJobs } from '../modules/jobs/jobs.ts';

type WithDb = <T>(fn: (db: Db, config: Config) => Promise<T>) => Promise<T>;

/**
 * `gerbang agreement draft|sign|activate|versions|terminate|revoke`, `gerbang compliance show|reinstate`,
 * `gerbang quota-request list|decide` and `gerbang jobs run|list`.
 */
export function registerLifecycleCommands(
  program: Command,
  withDb: WithDb,
  print: (value: unknown) => void,
): void {
  const agreement = program.commands.find((c) => c.name() === 'agreement') ?? program.command('agreement');
  const now = () => ({ now: new Date() });
  agreement
    .command('draft')
    .description('Draft the agreement (PKS) of an approved application')
    .requiredOption('--application <id>', 'the approved application')
    .requiredOption('--registry-number <no>', "the registry office's number for the PKS")
    .requiredOption('--institution-number <no>', "the institution's number for the PKS")
    .action((o: { application: string; registryNumber: string; institutionNumber: string }) =>
      withDb(async (db, config) =>
        print(
          await draftAgreement(
            db,
            o.application,
            { registryNumber: o.registryNumber, institutionNumber: o.institutionNumber },
            { ...now(), defaultThreshold: config.defaultThreshold },
          ),
        ),
      ),
    );
  agreement
    .command('sign')
    .description('Record the signing of a drafted agreement; the period runs from the signing date')
    .argument('<id>', 'agreement ID')
    .requiredOption('--on <date>', 'signing date YYYY-MM-DD')
    .requiredOption('--place <place>', 'signing place')
    .action((id: string, o: { on: string; place: string }) =>
      withDb(async (db) =>
        print(await signAgreement(db, id, { signedOn: o.on, signedPlace: o.place }, now())),
      ),
    );
  agreement
    .command('activate')
    .description("Open a signed agreement (its allowed networks become the institution's)")
    .argument('<id>', 'agreement ID')
    .action((id: string) => withDb(async (db) => print(await activateAgreement(db, id, now()))));
  agreement
    .command('versions')
    .description('The versions of the terms of an agreement (amendment history)')
    .argument('<id>', 'agreement ID')
    .action((id: string) => withDb(async (db) => print(await listVersions(db, id))));
  for (const [verb, to] of [
    ['terminate', 'terminated'],
    ['revoke', 'revoked'],
  ] as const) {
    agreement
      .command(verb)
      .description(
        verb === 'revoke' ? 'Revoke an agreement for a breach' : 'Terminate an agreement by consent',
      )
      .argument('<id>', 'agreement ID')
      .requiredOption('--reason <text>', 'why')
      .action((id: string, o: { reason: string }) =>
        withDb(async (db) => print(await endAgreement(db, id, to, { reason: o.reason }, now()))),
      );
  }

  const compliance = program.command('compliance').description('The compliance engine (runs daily as a job)');
  compliance
    .command('show')
    .description("An institution's compliance state, open findings and trail")
    .argument('<institution>', 'institution ID')
    .action((id: string) => withDb(async (db) => print(await complianceView(db, id, {}, new Date()))));
  compliance
    .command('reinstate')
    .description('Reinstate a suspended institution, with the reason')
    .argument('<institution>', 'institution ID')
    .requiredOption('--reason <text>', 'why access opens again')
    .action((id: string, o: { reason: string }) =>
      withDb(async (db) => print(await reinstate(db, id, { reason: o.reason }, { now: new Date() }))),
    );

  const quota = program
    .command('quota-request')
    .description('Quota increase requests (requested through the API by institutions and officers)');
  quota
    .command('list')
    .description('Quota increase requests with each operator’s usage so far')
    .action(() => withDb(async (db) => print(await findQuotaRequests(db, {}, new Date()))));
  quota
    .command('decide')
    .description('Grant (the quota changes) or refuse a quota increase request, with a note')
    .argument('<id>', 'quota request ID')
    .option('--grant', 'grant it')
    .option('--refuse', 'refuse it')
    .requiredOption('--note <text>', 'the decision note')
    .action((id: string, o: { grant?: boolean; refuse?: boolean; note: string }) =>
      withDb(async (db) => {
        if (!o.grant === !o.refuse)
          throw ApiError.of('VALIDATION_FAILED', 'Give exactly one of --grant or --refuse');
        print(
          await decideQuotaIncrease(db, id, { grant: Boolean(o.grant), note: o.note }, { now: new Date() }),
        );
      }),
    );

  const jobs = program.command('jobs').description('Scheduled jobs (the server runs them every minute)');
  jobs
    .command('run')
    .description('Run the jobs that are due now (each run key once, whichever process gets there first)')
    .action(() =>
      withDb(async (db, config) => {
        const mailer = await createMailer(config);
        try {
          print(await runDueJobs(db, new Date(), jobsFor(mailer)));
        } finally {
          mailer?.close();
        }
      }),
    );
  jobs
    .command('list')
    .description('Recent job runs')
    .action(() => withDb(async (db) => print(await listRuns(db, 50))));
}
