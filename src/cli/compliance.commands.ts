import type { Command } from 'commander';
import { complianceView, reinstate } from '../modules/compliance/compliance.service.ts';
import { operator, type Print, type WithDb } from './shared.ts';

/** `gerbang compliance show|reinstate`: the compliance engine's state of an institution. */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const compliance = program.command('compliance').description('The compliance engine (runs daily as a job)');
  compliance
    .command('show')
    .description("An institution's compliance state, open findings and trail")
    .argument('<institution>', 'institution ID')
    .action((id: string) => withDb(async (db) => print(await complianceView(db, id, {}, new Date()))));
  compliance
    .command('reinstate')
    .description('Reinstate a suspended institution, with the reason')
    .argument('<institution>', 'institution ID')
    .requiredOption('--reason <text>', 'why access opens again')
    .action((id: string, o: { reason: string }) =>
      withDb(async (db) => {
        const acting = operator();
        return print(
          await reinstate({ db, now: acting.now }, acting.actor, { institutionId: id, reason: o.reason }),
        );
      }),
    );
}
