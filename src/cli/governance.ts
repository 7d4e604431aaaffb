import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/errors.ts';
import { findAccountForLogin } from '../modules/accounts/accounts.repo.ts';
import { queryAdminAudit } from '../modules/admin-audit/admin-audit.repo.ts';
import { writeFileSync } from 'node:fs';
import { cliPath } from './local-admin.ts';
import {
  approveApplication,
  findApplications,
  forwardApplication,
  getApplicationLetter,
  rejectApplication,
  submitApplication,
} from '../modules/applications/applications.service.ts';
import { SERVER_ACTOR } from '../modules/auth/actor.ts';
import { listHolidays, recordHoliday, removeHoliday } from '../modules/holidays/holidays.ts';
import { holidayInput } from '../modules/holidays/holidays.routes.ts';
import { unlockAccount } from '../modules/auth/auth.service.ts';

type WithDb = <T>(fn: (db: Db, config: Config) => Promise<T>) => Promise<T>;

/** Governance commands of `gerbang`: the admin audit, account unlocking. They act as the server's operator. */
export function registerGovernanceCommands(
  program: Command,
  withDb: WithDb,
  print: (value: unknown) => void,
  int: (v: string) => number,
): void {
  program
    .command('admin-audit')
    .description('Read the admin audit: administrative changes with actor, address, before and after')
    .option('--entity-type <type>', 'office | institution | agreement | account | …')
    .option('--entity <id>', 'one entity')
    .option('--action <action>', 'e.g. institution.update, account.locked')
    .option('--institution <id>', 'changes of one institution')
    .option('--limit <n>', 'rows, newest first', int, 50)
    .action(
      (o: { entityType?: string; entity?: string; action?: string; institution?: string; limit: number }) =>
        withDb(async (db) =>
          print(
            await queryAdminAudit(db, {
              entityType: o.entityType,
              entityId: o.entity,
              action: o.action,
              institutionId: o.institution,
              limit: o.limit,
            }),
          ),
        ),
    );

  registerApplicationCommands(program, withDb, print);

  const holiday = program
    .command('holiday')
    .description('Public holidays and collective leave days (not working days for working-day deadlines)');
  holiday
    .command('add')
    .description('Record a holiday (or rename one)')
    .argument('<day>', 'YYYY-MM-DD')
    .argument('<name>', 'e.g. "Hari Kemerdekaan Republik Indonesia"')
    .action((day: string, name: string) =>
      withDb(async (db) =>
        print(await recordHoliday(db, SERVER_ACTOR, holidayInput.parse({ day, name }), new Date())),
      ),
    );
  holiday
    .command('list')
    .option('--year <year>', 'only this year')
    .action((o: { year?: string }) =>
      withDb(async (db) => print(await listHolidays(db, o.year ? Number(o.year) : undefined))),
    );
  holiday
    .command('remove')
    .argument('<day>', 'YYYY-MM-DD')
    .action((day: string) => withDb(async (db) => removeHoliday(db, SERVER_ACTOR, day, new Date())));

  const account = program.commands.find((c) => c.name() === 'account');
  (account ?? program)
    .command('unlock')
    .description(
      'Lift a sign-in lockout (after repeated failed attempts) of a user ID; recorded in the admin audit',
    )
    .argument('<username>', 'user ID')
    .action((username: string) =>
      withDb(async (db) => {
        const found = await findAccountForLogin(db, username);
        if (!found) throw ApiError.of('NOT_FOUND', `No account ${username}`);
        const { passwordHash: _h, ...rest } = found;
        await unlockAccount(db, rest, SERVER_ACTOR);
        print({ username, unlocked: true });
      }),
    );
}

const collect = (v: string, prev: string[]) => [...prev, v];
const csv = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function registerApplicationCommands(program: Command, withDb: WithDb, print: (value: unknown) => void) {
  const application = program
    .command('application')
    .description('Applications (permohonan) and their decision, as the server operator');
  application
    .command('submit')
    .description("Record an institution's application on behalf of its head or admin")
    .requiredOption('--applicant <username>', "the institution head's or admin's user ID")
    .requiredOption('--purpose <text>', 'tujuan pemanfaatan')
    .requiredOption('--elements <codes>', 'data elements, comma-separated wire names', csv)
    .requiredOption('--methods <methods>', 'verification,portal,card_reader', csv)
    .requiredOption('--return-data <fields>', 'return-data fields, comma-separated', csv)
    .option('--months <n>', 'period in months (default 24)', Number)
    .option('--until <date>', 'period until YYYY-MM-DD instead')
    .action(
      (o: {
        applicant: string;
        purpose: string;
        elements: string[];
        methods: string[];
        returnData: string[];
        months?: number;
        until?: string;
      }) =>
        withDb(async (db) => {
          const found = await findAccountForLogin(db, o.applicant);
          if (!found?.institutionId) throw ApiError.of('NOT_FOUND', `No institution person ${o.applicant}`);
          const { passwordHash: _h, ...applicant } = found;
          print(
            await submitApplication(
              db,
              {
                institutionId: found.institutionId,
                purpose: o.purpose,
                elements: o.elements as never,
                methods: o.methods as never,
                returnData: o.returnData,
                ...(o.months !== undefined ? { periodMonths: o.months } : {}),
                ...(o.until ? { periodUntil: o.until } : {}),
              },
              { actor: { ...SERVER_ACTOR, account: applicant }, now: new Date() },
            ),
          );
        }),
    );
  application
    .command('list')
    .description('List applications')
    .option('--institution <id>', 'of one institution')
    .option('--status <status>', 'submitted | forwarded | approved | rejected')
    .action((o: { institution?: string; status?: string }) =>
      withDb(async (db) =>
        print(await findApplications(db, {}, { institutionId: o.institution, status: o.status })),
      ),
    );
  application
    .command('forward')
    .description('Forward a submitted application to the central office')
    .argument('<id>', 'application ID')
    .requiredOption('--note <text>', 'the forwarding note')
    .action((id: string, o: { note: string }) =>
      withDb(async (db) => print(await forwardApplication(db, id, { note: o.note }, { now: new Date() }))),
    );
  application
    .command('approve')
    .description('Approve a forwarded application: letter number, annex, approval letter (PDF)')
    .argument('<id>', 'application ID')
    .action((id: string) =>
      withDb(async (db) => print(await approveApplication(db, id, { now: new Date() }))),
    );
  application
    .command('reject')
    .description('Reject a forwarded application with reasons: letter number, rejection letter (PDF)')
    .argument('<id>', 'application ID')
    .requiredOption('--reason <text>', 'a reason (repeat for several)', collect, [])
    .action((id: string, o: { reason: string[] }) =>
      withDb(async (db) =>
        print(await rejectApplication(db, id, { reasons: o.reason }, { now: new Date() })),
      ),
    );
  application
    .command('letter')
    .description('Write the decision letter (PDF) of an application to a file')
    .argument('<id>', 'application ID')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action((id: string, o: { out: string }) =>
      withDb(async (db) => {
        const letter = await getApplicationLetter(db, id, {});
        writeFileSync(cliPath(o.out), letter.bytes);
        print({ file: o.out, bytes: letter.bytes.byteLength });
      }),
    );
}
