import { SERVER_ACTOR } from '../core/actor.ts';
import type { Command } from 'commander';
import { listOffices } from '../modules/offices/offices.repo.ts';
import type { OfficeLevel } from '../modules/offices/offices.repo.ts';
import { createOffice } from '../modules/offices/offices.service.ts';
import type { Print, WithDb } from './shared.ts';

/** `gerbang office create|list`: the registry offices, as the server's operator. */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const office = program.command('office').description('Registry offices (Ditjen, Disdukcapil)');
  office
    .command('create')
    .description('Create an office')
    .requiredOption('--level <level>', 'central | province | regency | city')
    .option('--region <code>', 'Kemendagri region code (province 2 digits, regency/city 4), dotted or plain')
    .requiredOption('--name <name>', 'office name')
    .option('--parent <id>', 'parent office ID (default: the province office above, else central)')
    .action((o: { level: string; region?: string; name: string; parent?: string }) =>
      withDb(async (db) =>
        print(
          await createOffice({ db, now: new Date() }, SERVER_ACTOR, {
            level: o.level as OfficeLevel,
            regionCode: o.region ?? null,
            name: o.name,
            ...(o.parent ? { parentId: o.parent } : {}),
          }),
        ),
      ),
    );
  office
    .command('list')
    .description('List offices')
    .action(() => withDb(async (db) => print(await listOffices(db))));
}
