import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../core/errors.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import { semesterDocument, type ReportFormat } from '../modules/reports/reports.service.ts';
import { cliPath } from './local-admin.ts';
import type { Print, WithDb } from './shared.ts';

/**
 * `gerbang report semester --institution ID --semester 2026-S2 --format pdf|xlsx --out FILE`: the semester
 * report's document (the submitted one when it exists, else an unsaved draft of today's figures).
 */
export function register(program: Command, withDb: WithDb, print: Print): void {
  const cmd = program.command('report').description('Reports drawn from the access audit');
  cmd
    .command('semester')
    .description("An institution's semester report (laporan semester) as a PDF or XLSX file")
    .requiredOption('--institution <id>', 'the institution')
    .requiredOption('--semester <semester>', 'e.g. 2026-S2 (July–December)')
    .option('--format <format>', 'pdf or xlsx', 'pdf')
    .requiredOption('--out <file>', 'where to write the document')
    .action((o: { institution: string; semester: string; format: string; out: string }) => {
      // Checked before the database is opened.
      if (!/^\d{4}-S[12]$/.test(o.semester))
        throw ApiError.of('VALIDATION_FAILED', '--semester: YYYY-S1 or YYYY-S2, e.g. 2026-S2');
      if (o.format !== 'pdf' && o.format !== 'xlsx')
        throw ApiError.of('VALIDATION_FAILED', '--format: pdf or xlsx');
      return withDb(async (db) => {
        const doc = await semesterDocument(
          db,
          SERVER_ACTOR.scope,
          { institutionId: o.institution, semester: o.semester },
          o.format as ReportFormat,
          new Date(),
        );
        writeFileSync(cliPath(o.out), doc.bytes);
        print({ file: o.out, format: o.format, bytes: doc.bytes.byteLength });
      });
    });
}
