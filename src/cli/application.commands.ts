import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SERVER_ACTOR } from '../core/actor.ts';
import { ApiError } from '../core/errors.ts';
import { findAccountForLogin } from '../modules/accounts/accounts.repo.ts';
import {
  approveApplication,
  findApplications,
  forwardApplication,
  getApplicationLetter,
  rejectApplication,
  submitApplication,
} from '../modules/applications/applications.service.ts';
import { cliPath } from './local-admin.ts';
import { list, operator, type Print, type WithDb } from './shared.ts';

const collect = (v: string, prev: string[]) => [...prev, v];

/** `gerbang application submit|list|forward|approve|reject|letter`: applications and their decision. */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const application = program
    .command('application')
    .description('Applications (permohonan) and their decision, as the server operator');
  application
    .command('submit')
    .description("Record an institution's application on behalf of its head or admin")
    .requiredOption('--applicant <username>', "the institution head's or admin's user ID")
    .requiredOption('--purpose <text>', 'tujuan pemanfaatan')
    .requiredOption('--elements <codes>', 'data elements, comma-separated wire names', list)
    .requiredOption('--methods <methods>', 'verification,portal,card_reader', list)
    .requiredOption('--return-data <fields>', 'return-data fields, comma-separated', list)
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
              { db, now: new Date() },
              { ...SERVER_ACTOR, account: applicant },
              {
                institutionId: found.institutionId,
                purpose: o.purpose,
                elements: o.elements as never,
                methods: o.methods as never,
                returnData: o.returnData,
                ...(o.months !== undefined ? { periodMonths: o.months } : {}),
                ...(o.until ? { periodUntil: o.until } : {}),
              },
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
      withDb(async (db) => {
        const acting = operator();
        return print(await forwardApplication({ db, now: acting.now }, acting.actor, { id, note: o.note }));
      }),
    );
  application
    .command('approve')
    .description('Approve a forwarded application: letter number, annex, approval letter (PDF)')
    .argument('<id>', 'application ID')
    .action((id: string) =>
      withDb(async (db) => {
        const acting = operator();
        return print(await approveApplication({ db, now: acting.now }, acting.actor, id));
      }),
    );
  application
    .command('reject')
    .description('Reject a forwarded application with reasons: letter number, rejection letter (PDF)')
    .argument('<id>', 'application ID')
    .requiredOption('--reason <text>', 'a reason (repeat for several)', collect, [])
    .action((id: string, o: { reason: string[] }) =>
      withDb(async (db) => {
        const acting = operator();
        return print(
          await rejectApplication({ db, now: acting.now }, acting.actor, { id, reasons: o.reason }),
        );
      }),
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
