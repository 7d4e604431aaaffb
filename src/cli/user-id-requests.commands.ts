import { UNSCOPED } from '../core/actor.ts';
import { writeFileSync } from 'node:fs';
import { cliPath } from './local-admin.ts';
import type { Command } from 'commander';
import { ApiError } from '../core/errors.ts';
import { getDocumentBytes } from '../modules/documents/documents.repo.ts';
import { FORM_FIELD_NAMES, type FormField } from '../modules/user-id-requests/user-id-requests.schema.ts';
import {
  findUserIdRequests,
  loadUserIdRequest,
  submitUserIdRequest,
} from '../modules/user-id-requests/user-id-requests.service.ts';
import { operator, type Print, type WithDb } from './shared.ts';

/** `--full-name` ↔ `fullName`, for each form field. */
const flagOf = (f: FormField) => f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function withFormOptions(cmd: Command): Command {
  for (const f of FORM_FIELD_NAMES) cmd.option(`--${flagOf(f)} <value>`, `form field ${f}`);
  return cmd.option('--daily-quota <n>', 'hits per WIB day, or "unlimited"');
}

function formOf(o: Record<string, string | undefined>): Partial<Record<FormField, string>> {
  const form: Partial<Record<FormField, string>> = {};
  for (const f of FORM_FIELD_NAMES) if (o[f] !== undefined) form[f] = o[f];
  return form;
}

function quotaOf(v: string | undefined): { dailyQuota?: number | null } {
  if (v === undefined) return {};
  if (v === 'unlimited') return { dailyQuota: null };
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw ApiError.of('VALIDATION_FAILED', '--daily-quota: a number or unlimited');
  return { dailyQuota: n };
}

/**
 * `gerbang user-id-request issue|change|deactivate|list|show|bast`: user-ID requests with their handover
 * records (BAST), as the server's operator. `issue` prints the one-time password once.
 */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const cmd = program
    .command('user-id-request')
    .description('User-ID requests (formulir permohonan user ID) and their handover records (BAST)');
  withFormOptions(
    cmd
      .command('issue')
      .description('Issue an operator user ID from a complete form; prints the one-time password once')
      .requiredOption('--institution <id>', 'the institution'),
  ).action((o: Record<string, string | undefined>) =>
    withDb(async (db) => {
      const acting = operator();
      return print(
        await submitUserIdRequest({ db, now: acting.now }, acting.actor, {
          kind: 'issue',
          institutionId: o.institution!,
          form: formOf(o),
          ...quotaOf(o.dailyQuota),
        }),
      );
    }),
  );
  withFormOptions(
    cmd
      .command('change')
      .description("Change an operator's data (the fields given)")
      .argument('<account>', 'the operator account ID'),
  ).action((accountId: string, o: Record<string, string | undefined>) =>
    withDb(async (db) => {
      const acting = operator();
      return print(
        await submitUserIdRequest({ db, now: acting.now }, acting.actor, {
          kind: 'change',
          accountId,
          form: formOf(o),
          ...quotaOf(o.dailyQuota),
        }),
      );
    }),
  );
  cmd
    .command('deactivate')
    .description('Deactivate an operator user ID, with a reason')
    .argument('<account>', 'the operator account ID')
    .requiredOption('--reason <text>', 'why')
    .action((accountId: string, o: { reason: string }) =>
      withDb(async (db) => {
        const acting = operator();
        return print(
          await submitUserIdRequest({ db, now: acting.now }, acting.actor, {
            kind: 'deactivate',
            accountId,
            reason: o.reason,
          }),
        );
      }),
    );
  cmd
    .command('list')
    .description('User-ID requests, newest first')
    .option('--institution <id>', 'of one institution')
    .option('--account <id>', 'of one operator')
    .action((o: { institution?: string; account?: string }) =>
      withDb(async (db) =>
        print(await findUserIdRequests(db, {}, { institutionId: o.institution, accountId: o.account })),
      ),
    );
  cmd
    .command('show')
    .description('One user-ID request')
    .argument('<id>', 'request ID')
    .action((id: string) => withDb(async (db) => print(await loadUserIdRequest(db, id, UNSCOPED))));
  cmd
    .command('bast')
    .description('Write the handover record (PDF) of a request to a file')
    .argument('<id>', 'request ID')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action((id: string, o: { out: string }) =>
      withDb(async (db) => {
        const doc = await getDocumentBytes(
          db,
          (await loadUserIdRequest(db, id, UNSCOPED)).handoverDocumentId,
        );
        if (!doc) throw ApiError.of('NOT_FOUND', 'The handover record is missing');
        writeFileSync(cliPath(o.out), doc.bytes);
        print({ file: o.out, bytes: doc.bytes.byteLength });
      }),
    );
}
