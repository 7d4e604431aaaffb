import type { Command } from 'commander';
import { createMailer } from '../modules/compliance/notifications.mail.ts';
import { listRuns } from '../modules/jobs/jobs.repo.ts';
import { jobsFor, runDueJobs } from '../modules/jobs/jobs.ts';
import type { Print, WithDb } from './shared.ts';

/** `gerbang jobs run|list`: the scheduled jobs (the server runs them every minute). */
export function register(program: Command, withDb: WithDb, print: Print): void {
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
