import type { Command } from 'commander';
import { ApiError } from '../core/errors.ts';
import { decideQuotaIncrease, findQuotaRequests } from '../modules/quota-requests/quota-requests.service.ts';
import { operator, type Print, type WithDb } from './shared.ts';

/** `gerbang quota-request list|decide`: quota increase requests (made through the API). */
export function register(program: Command, withDb: WithDb, print: Print): void {
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
        const acting = operator();
        print(
          await decideQuotaIncrease({ db, now: acting.now }, acting.actor, {
            id,
            grant: Boolean(o.grant),
            note: o.note,
          }),
        );
      }),
    );
}
