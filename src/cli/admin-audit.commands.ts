import type { Command } from 'commander';
import { queryAdminAudit } from '../modules/admin-audit/admin-audit.repo.ts';
import { int, type Print, type WithDb } from './shared.ts';

/** `gerbang admin-audit`: administrative changes with actor, address, before and after. */
export function register(program: Command, withDb: WithDb, print: Print): void {
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
}
