import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/errors.ts';
import { findAccountForLogin } from '../modules/accounts/accounts.repo.ts';
import { queryAdminAudit } from '../modules/admin-audit/admin-audit.repo.ts';
import { SERVER_ACTOR } from '../modules/auth/actor.ts';
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
