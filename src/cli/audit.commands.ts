import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { parseSignerKey } from '../modules/audit/log.note.ts';
import { verifyLog } from '../modules/audit/log.verify.ts';
import type { WithDb } from './shared.ts';

/** The log keys `audit verify` trusts: every `--vkey`, and the configured key's public half. */
export function trustedVkeys(config: Config, given: readonly string[]): string[] {
  const keys = [...given];
  if (config.log.keyFile) keys.push(parseSignerKey(readFileSync(config.log.keyFile, 'utf8')).vkey);
  return keys;
}

/** `gerbang audit …`: the access audit, verified on its transparency log. */
export function register(program: Command, withDb: WithDb): void {
  const audit = program.command('audit').description('The access audit and its transparency log');
  audit
    .command('verify')
    .description(
      'Recompute every row’s leaf and the Merkle tree, compare with every signed checkpoint and the tiles. ' +
        'Names every broken place (up to --max-problems) and exits 1 if the log does not hold.',
    )
    .option('--json', 'print the report as JSON')
    .option('--max-problems <n>', 'name at most this many broken places', '100')
    .option(
      '--vkey <vkey>',
      'a log verifier key to trust (repeatable; the configured LOG_KEY_FILE is trusted too)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action((o: { json?: boolean; maxProblems: string; vkey: string[] }) =>
      withDb(async (db, config) => {
        const maxProblems = Number(o.maxProblems);
        if (!Number.isInteger(maxProblems) || maxProblems < 1) {
          console.error('--max-problems must be a whole number of at least 1');
          process.exitCode = 2;
          return;
        }
        const report = await verifyLog(db, { maxProblems, vkeys: trustedVkeys(config, o.vkey) });
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else if (report.ok) {
          console.log(
            `Audit log intact: ${report.rowsChecked} rows, tree size ${report.treeSize}, ` +
              `${report.checkpointsChecked} signed checkpoints, ${report.pending} rows awaiting their leaf.`,
          );
        } else {
          console.log(
            `Audit log BROKEN: ${report.problemCount} broken place(s)` +
              `${report.problemCount > report.problems.length ? ` (the first ${report.problems.length} shown)` : ''}:`,
          );
          for (const b of report.problems) {
            const where = [
              b.id !== null ? `row id ${b.id}` : null,
              b.leafIndex !== null ? `leaf ${b.leafIndex}` : null,
              b.treeSize !== undefined ? `checkpoint of size ${b.treeSize}` : null,
            ].filter(Boolean);
            console.log(`  ${b.problem} at ${where.join(', ')}`);
          }
        }
        if (!report.trustedKeys && !o.json) {
          console.log(
            'Note: checkpoint signatures were checked against the keys recorded in the database; set ' +
              'LOG_KEY_FILE or pass --vkey to check them against a key you trust.',
          );
        }
        if (!report.ok) process.exitCode = 1;
      }),
    );
}
