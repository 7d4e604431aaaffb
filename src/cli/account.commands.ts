import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { SERVER_ACTOR } from '../core/actor.ts';
import { ApiError } from '../core/errors.ts';
import { findAccountForLogin, listAccounts } from '../modules/accounts/accounts.repo.ts';
import { changeAccount, createAccount } from '../modules/accounts/accounts.service.ts';
import { unlockAccount } from '../modules/auth/auth.service.ts';
import { int, type Print, type WithDb } from './shared.ts';

// commander turns a parser's null into '', so 'unlimited' stays a word here and becomes null below.
const quota = (v: string): number | 'unlimited' => (v === 'unlimited' ? v : int(v));
const toQuota = (q: number | 'unlimited') => (q === 'unlimited' ? null : q);

/** `gerbang account create|set|list|unlock`: user accounts (user IDs) and their daily quota. */
export function register(program: Command, withDb: WithDb, print: Print): void {
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
          const created = await createAccount({ db, now: new Date() }, SERVER_ACTOR, {
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
            await changeAccount({ db, now: new Date() }, SERVER_ACTOR, {
              id: found.id,
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
  account
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
        await unlockAccount({ db, now: new Date() }, SERVER_ACTOR, rest);
        print({ username, unlocked: true });
      }),
    );
}
