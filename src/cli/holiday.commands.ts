import type { Command } from 'commander';
import { SERVER_ACTOR } from '../core/actor.ts';
import { listHolidays, recordHoliday, removeHoliday } from '../modules/holidays/holidays.ts';
import { holidayInput } from '../modules/holidays/holidays.schema.ts';
import type { Print, WithDb } from './shared.ts';

/** `gerbang holiday add|list|remove`: public holidays and collective leave days. */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const holiday = program
    .command('holiday')
    .description('Public holidays and collective leave days (not working days for working-day deadlines)');
  holiday
    .command('add')
    .description('Record a holiday (or rename one)')
    .argument('<day>', 'YYYY-MM-DD')
    .argument('<name>', 'e.g. "Hari Kemerdekaan Republik Indonesia"')
    .action((day: string, name: string) =>
      withDb(async (db) =>
        print(await recordHoliday({ db, now: new Date() }, SERVER_ACTOR, holidayInput.parse({ day, name }))),
      ),
    );
  holiday
    .command('list')
    .option('--year <year>', 'only this year')
    .action((o: { year?: string }) =>
      withDb(async (db) => print(await listHolidays(db, o.year ? Number(o.year) : undefined))),
    );
  holiday
    .command('remove')
    .argument('<day>', 'YYYY-MM-DD')
    .action((day: string) => withDb(async (db) => removeHoliday({ db, now: new Date() }, SERVER_ACTOR, day)));
}
