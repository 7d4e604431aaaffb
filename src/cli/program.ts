import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import * as account from './account.commands.ts';
import * as adminAudit from './admin-audit.commands.ts';
import * as agreement from './agreement.commands.ts';
import * as application from './application.commands.ts';
import * as audit from './audit.commands.ts';
import * as compliance from './compliance.commands.ts';
import * as holiday from './holiday.commands.ts';
import * as institution from './institution.commands.ts';
import * as jobs from './jobs.commands.ts';
import * as log from './log.commands.ts';
import * as office from './office.commands.ts';
import * as quotaRequest from './quota-request.commands.ts';
import * as reader from './reader.commands.ts';
import * as report from './reports.commands.ts';
import * as residents from './residents.commands.ts';
import * as returnData from './return-data.commands.ts';
import * as server from './server.commands.ts';
import { print, reportCliError, withDb } from './shared.ts';
import * as userIdRequest from './user-id-requests.commands.ts';

/**
 * The `gerbang` command's program (main.ts runs it; a server runs it for the CLI, local-admin.ts): serve, migrate, generate and import the population, run the demo, and provision
 * offices, institutions, agreements and accounts (acting as the server's operator, with the same rules and
 * validation as the admin API). Each domain's commands are in its `*.commands.ts`; the order here is the
 * order of `gerbang --help`.
 */
export const program = new Command('gerbang')
  .description('Gerbang: lawful, limited, audited access to population data')
  .showHelpAfterError();

server.register(program, withDb);
residents.register(program, withDb);
office.register(program, withDb, print);
institution.register(program, withDb, print);
agreement.register(program, withDb, print);
account.register(program, withDb, print);
audit.register(program, withDb);
log.register(program, withDb, () => loadConfig());
adminAudit.register(program, withDb, print);
application.register(program, withDb, print);
holiday.register(program, withDb, print);
compliance.register(program, withDb, print);
quotaRequest.register(program, withDb, print);
jobs.register(program, withDb, print);
userIdRequest.register(program, withDb, print);
reader.register(program);
returnData.register(program, withDb, print);
report.register(program, withDb, print);

export { reportCliError };
