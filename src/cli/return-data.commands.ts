import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../core/errors.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import { PRESET_NAMES, type PresetName } from '../modules/return-data/return-data.presets.ts';
import { listRejects } from '../modules/return-data/return-data.repo.ts';
import { importFile, presetInput, setReturnDataSchema } from '../modules/return-data/return-data.service.ts';
import { cliPath } from './local-admin.ts';
import type { Print, WithDb } from './shared.ts';

/**
 * `gerbang return-data import FILE --agreement ID` (a CSV or XLSX, through the same validator and store as the
 * upload), and `gerbang return-data schema --agreement ID --preset NAME`, as the server's operator.
 */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const cmd = program.command('return-data').description('Return data (data balikan): schemas and imports');
  cmd
    .command('import')
    .description(
      'Import a CSV or XLSX of return data for an agreement; prints the result and the first rejects',
    )
    .argument('<file>', 'the CSV or XLSX file')
    .requiredOption('--agreement <id>', 'the agreement')
    .action((file: string, o: { agreement: string }) =>
      withDb(async (db) => {
        const path = cliPath(file);
        if (!existsSync(path)) throw ApiError.of('NOT_FOUND', `No file ${file}`);
        const upload = await importFile({ db, now: new Date() }, SERVER_ACTOR, {
          agreementId: o.agreement,
          path,
          filename: basename(file),
          channel: 'cli',
        });
        print({ ...upload, rejects: await listRejects(db, upload.id, 100) });
      }),
    );
  cmd
    .command('schema')
    .description(`Set an agreement's return-data schema from a preset (${PRESET_NAMES.join(', ')})`)
    .requiredOption('--agreement <id>', 'the agreement')
    .requiredOption('--preset <name>', 'the preset')
    .action((o: { agreement: string; preset: string }) =>
      withDb(async (db) => {
        if (!(PRESET_NAMES as string[]).includes(o.preset)) {
          throw ApiError.of('VALIDATION_FAILED', `--preset: one of ${PRESET_NAMES.join(', ')}`);
        }
        print(
          await setReturnDataSchema({ db, now: new Date() }, SERVER_ACTOR, {
            agreementId: o.agreement,
            ...presetInput(o.preset as PresetName),
          }),
        );
      }),
    );
}
