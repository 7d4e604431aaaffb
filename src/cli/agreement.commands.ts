import { SERVER_ACTOR } from '../core/actor.ts';
import type { Command } from 'commander';
import { listVersions } from '../modules/agreements/agreement-versions.repo.ts';
import {
  activateAgreement,
  draftAgreement,
  endAgreement,
  signAgreement,
} from '../modules/agreements/agreements.lifecycle.ts';
import {
  AGREEMENT_STATUSES,
  listAgreements,
  type AgreementStatus,
} from '../modules/agreements/agreements.repo.ts';
import { changeAgreement, createAgreement } from '../modules/agreements/agreements.service.ts';
import { MISUSE_ACTIONS, type MisuseAction } from '../modules/misuse/misuse.repo.ts';
import { int, list, operator, type Print, type WithDb } from './shared.ts';

/**
 * `gerbang agreement create|set-misuse-action|list|draft|sign|activate|versions|terminate|revoke`: agreements
 * (PKS), recorded as signed or through their lifecycle from an approved application, as the server's operator.
 */
export function register(program: Command, withDb: WithDb, print: Print): void {
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
    .option(
      '--misuse-action <action>',
      `what detected misuse leads to: ${MISUSE_ACTIONS.join(' | ')}`,
      'alert',
    )
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
            await createAgreement({ db, now: new Date() }, SERVER_ACTOR, {
              configThreshold: config.defaultThreshold,
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
            }),
          );
        }),
    );
  agreement
    .command('set-misuse-action')
    .description('Change what detected misuse leads to under an agreement')
    .argument('<id>', 'agreement ID')
    .argument('<action>', MISUSE_ACTIONS.join(' | '))
    .action((id: string, action: string) =>
      withDb(async (db) =>
        print(
          await changeAgreement({ db, now: new Date() }, SERVER_ACTOR, {
            id,
            misuseAction: action as MisuseAction,
          }),
        ),
      ),
    );
  agreement
    .command('list')
    .description('List agreements')
    .option('--institution <id>', 'of one institution')
    .action((o: { institution?: string }) =>
      withDb(async (db) => print(await listAgreements(db, { institutionId: o.institution }))),
    );

  agreement
    .command('draft')
    .description('Draft the agreement (PKS) of an approved application')
    .requiredOption('--application <id>', 'the approved application')
    .requiredOption('--registry-number <no>', "the registry office's number for the PKS")
    .requiredOption('--institution-number <no>', "the institution's number for the PKS")
    .action((o: { application: string; registryNumber: string; institutionNumber: string }) =>
      withDb(async (db, config) =>
        print(
          await draftAgreement({ db, now: new Date() }, SERVER_ACTOR, {
            applicationId: o.application,
            registryNumber: o.registryNumber,
            institutionNumber: o.institutionNumber,
            configThreshold: config.defaultThreshold,
          }),
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
      withDb(async (db) => {
        const acting = operator();
        return print(
          await signAgreement({ db, now: acting.now }, acting.actor, {
            id,
            signedOn: o.on,
            signedPlace: o.place,
          }),
        );
      }),
    );
  agreement
    .command('activate')
    .description("Open a signed agreement (its allowed networks become the institution's)")
    .argument('<id>', 'agreement ID')
    .action((id: string) =>
      withDb(async (db) => {
        const acting = operator();
        return print(await activateAgreement({ db, now: acting.now }, acting.actor, id));
      }),
    );
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
        withDb(async (db) => {
          const acting = operator();
          return print(
            await endAgreement({ db, now: acting.now }, acting.actor, { id, to, reason: o.reason }),
          );
        }),
      );
  }
}
