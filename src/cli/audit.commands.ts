import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { verifyChain } from '../modules/audit/audit.chain.ts';

type WithDb = <T>(fn: (db: Db, config: Config) => Promise<T>) => Promise<T>;

/** `gerbang audit …`: the access audit's hash chain. */
export function auditCommands(program: Command, withDb: WithDb): void {
  const audit = program.command('audit').description('The access audit and its hash chain');
  audit
    .command('verify')
    .description(
      'Walk the access audit chain, recomputing every hash; check the head and the daily roots. Names the ' +
        'first broken row and exits 1 if the chain does not hold.',
    )
    .option('--json', 'print the report as JSON')
    .action((o: { json?: boolean }) =>
      withDb(async (db) => {
        const report = await verifyChain(db);
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else if (report.ok) {
          console.log(
            `Audit chain intact: ${report.rowsChecked} rows, ${report.dailyRootsChecked} daily roots, head at seq ${report.headSeq}.`,
          );
        } else {
          const b = report.firstBroken!;
          console.log(
            `Audit chain BROKEN: ${b.problem} at ${b.id !== null ? `row id ${b.id}, ` : ''}seq ${b.seq ?? '-'}` +
              `${b.day ? ` (daily root of ${b.day})` : ''}; ${report.rowsChecked} rows verified before it.`,
          );
        }
        if (!report.ok) process.exitCode = 1;
      }),
    );
}
