import { SERVER_ACTOR } from '../core/actor.ts';
import type { Command } from 'commander';
import { listInstitutions } from '../modules/institutions/institutions.repo.ts';
import { changeInstitution, createInstitution } from '../modules/institutions/institutions.service.ts';
import { list, type Print, type WithDb } from './shared.ts';

/** `gerbang institution create|set|list`: the user institutions, as the server's operator. */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const institution = program.command('institution').description('User institutions');
  institution
    .command('create')
    .description('Register an institution under a managing office')
    .requiredOption('--code <code>', 'institution code (the wire CUSTOMER_ID)')
    .requiredOption('--name <name>', 'institution name')
    .requiredOption('--office <id>', 'managing office ID')
    .option('--networks <cidrs>', 'allowed networks, comma-separated CIDR ranges', list, [])
    .option('--inactive', 'create it inactive')
    .action((o: { code: string; name: string; office: string; networks: string[]; inactive?: boolean }) =>
      withDb(async (db) =>
        print(
          await createInstitution({ db, now: new Date() }, SERVER_ACTOR, {
            code: o.code,
            name: o.name,
            officeId: o.office,
            allowedNetworks: o.networks,
            isActive: !o.inactive,
          }),
        ),
      ),
    );
  institution
    .command('set')
    .description('Change an institution')
    .argument('<id>', 'institution ID')
    .option('--active', 'activate')
    .option('--inactive', 'deactivate')
    .option('--networks <cidrs>', 'replace the allowed networks', list)
    .option('--name <name>', 'rename')
    .action((id: string, o: { active?: boolean; inactive?: boolean; networks?: string[]; name?: string }) =>
      withDb(async (db) =>
        print(
          await changeInstitution({ db, now: new Date() }, SERVER_ACTOR, {
            id,
            ...(o.active ? { isActive: true } : o.inactive ? { isActive: false } : {}),
            ...(o.networks ? { allowedNetworks: o.networks } : {}),
            ...(o.name ? { name: o.name } : {}),
          }),
        ),
      ),
    );
  institution
    .command('list')
    .description('List institutions')
    .action(() => withDb(async (db) => print(await listInstitutions(db, {}))));
}
