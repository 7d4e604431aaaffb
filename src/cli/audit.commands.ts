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
      'Walk the access audit chain, recomputing every hash; check the head and the daily roots. Names every ' +
        'broken row (up to --max-problems) and exits 1 if the chain does not hold.',
    )
    .option('--json', 'print the report as JSON')
    .option('--max-problems <n>', 'name at most this many broken places', '100')
    .action((o: { json?: boolean; maxProblems: string }) =>
      withDb(async (db) => {
        const maxProblems = Number(o.maxProblems);
        if (!Number.isInteger(maxProblems) || maxProblems < 1) {
          console.error('--max-problems must be a whole number of at least 1');
          process.exitCode = 2;
          return;
        }
        const report = await verifyChain(db, { maxProblems });
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else if (report.ok) {
          console.log(
            `Audit chain intact: ${report.rowsChecked} rows, ${report.dailyRootsChecked} daily roots, head at seq ${report.headSeq}.`,
          );
        } else {
          console.log(
            `Audit chain BROKEN: ${report.problemCount} broken place(s) in ${report.rowsChecked} rows` +
              `${report.problemCount > report.problems.length ? ` (the first ${report.problems.length} shown)` : ''}:`,
          );
          for (const b of report.problems) {
            console.log(
              `  ${b.problem} at ${b.id !== null ? `row id ${b.id}, ` : ''}seq ${b.seq ?? '-'}` +
                `${b.day ? ` (daily root of ${b.day})` : ''}`,
            );
          }
        }
        if (!report.ok) process.exitCode = 1;
      }),
    );
}
